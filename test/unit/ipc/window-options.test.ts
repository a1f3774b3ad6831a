import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl } from '../../../main/security'

vi.mock('electron', () => ({ BrowserWindow: vi.fn(), shell: {}, session: {} }))

describe('window hardening', () => {
  it('creates the window isolated, sandboxed and without Node', async () => {
    const { hardenedWebPreferences } = await import('../../../main/window')
    expect(hardenedWebPreferences('/x/preload.js')).toEqual({
      preload: '/x/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    })
  })

  it('has a CSP without eval, inline script or remote origins, identical in index.html', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/)
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
  })

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://cloud.ouraring.com/oauth/applications')).toBe(true)
    for (const bad of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com', 'not a url']) {
      expect(isSafeExternalUrl(bad)).toBe(false)
    }
  })
})
