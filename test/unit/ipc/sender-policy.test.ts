import { pathToFileURL } from 'node:url'
import { createSenderPolicy } from '../../../main/ipc/sender-policy'

// The sender check of every Electron IPC call, with the paths of each OS given explicitly so that the
// Windows cases run on any machine.
const WIN_FILE = 'C:\\Program Files\\Sahha Integrations Admin\\resources\\app.asar\\out\\renderer\\index.html'
const POSIX_FILE = '/opt/Sahha Integrations Admin/resources/app.asar/out/renderer/index.html'
const electron = (frameUrl: string, webContentsId = 1, isMainFrame = true) => ({ kind: 'electron', frameUrl, isMainFrame, webContentsId }) as const

describe('sender policy', () => {
  it("trusts the app's own window on Windows, where a file:///C:/ URL and a C:\\ path name the same file", () => {
    const policy = createSenderPolicy({ rendererOrigin: null, rendererFile: WIN_FILE, windows: true })
    policy.registerWebContents(1)
    const own = pathToFileURL(WIN_FILE, { windows: true }).href
    expect(own).toBe('file:///C:/Program%20Files/Sahha%20Integrations%20Admin/resources/app.asar/out/renderer/index.html')
    expect(policy.isTrusted(electron(own))).toBe(true)
    expect(policy.isTrusted(electron(`${own}#/tenants`))).toBe(true)
    // The drive letter and the case of a Windows path do not make it another file.
    expect(policy.isTrusted(electron(own.replace('file:///C:/', 'file:///c:/').replace('Program%20Files', 'program%20files')))).toBe(true)
  })

  it('refuses other files, other hosts and encoded separators on Windows', () => {
    const policy = createSenderPolicy({ rendererOrigin: null, rendererFile: WIN_FILE, windows: true })
    policy.registerWebContents(1)
    for (const url of [
      'file:///C:/Users/Public/Downloads/index.html',
      'file://evil-host/C$/Program%20Files/Sahha%20Integrations%20Admin/resources/app.asar/out/renderer/index.html',
      'file:///C:/Program%20Files/Sahha%20Integrations%20Admin/resources/app.asar/out/renderer%5Cindex.html',
      'file:///C:/Program%20Files/Sahha%20Integrations%20Admin/resources/app.asar/out/renderer/../../../../../../Temp/index.html',
      'https://evil.example/',
      'not a url'
    ]) {
      expect(policy.isTrusted(electron(url)), url).toBe(false)
    }
  })

  it("trusts the app's own window on macOS and Linux, and refuses a file: URL with a host there", () => {
    const policy = createSenderPolicy({ rendererOrigin: null, rendererFile: POSIX_FILE, windows: false })
    policy.registerWebContents(1)
    expect(policy.isTrusted(electron(pathToFileURL(POSIX_FILE, { windows: false }).href))).toBe(true)
    expect(policy.isTrusted(electron('file://evil-host/opt/Sahha%20Integrations%20Admin/resources/app.asar/out/renderer/index.html'))).toBe(false)
    expect(policy.isTrusted(electron('file:///opt/Sahha%20Integrations%20Admin/resources/app.asar/out/other.html'))).toBe(false)
  })

  it('answers only the registered WebContents, and stops when it is unregistered (window closed)', () => {
    const policy = createSenderPolicy({ rendererOrigin: 'http://localhost:5173', rendererFile: POSIX_FILE, windows: false })
    const own = pathToFileURL(POSIX_FILE, { windows: false }).href
    expect(policy.isTrusted(electron(own, 1))).toBe(false)
    const unregister = policy.registerWebContents(1)
    expect(policy.isTrusted(electron(own, 1))).toBe(true)
    expect(policy.isTrusted(electron('http://localhost:5173/#/x', 1))).toBe(true)
    expect(policy.isTrusted(electron(own, 2))).toBe(false)
    expect(policy.isTrusted(electron(own, 1, false))).toBe(false)
    unregister()
    expect(policy.isTrusted(electron(own, 1))).toBe(false)
  })
})
