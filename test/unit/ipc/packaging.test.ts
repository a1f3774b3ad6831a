import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

// electron-builder's own schema check on our config (no download needed), plus the properties we rely on.
const root = join(__dirname, '../../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

describe('packaging configuration', () => {
  it("passes electron-builder's configuration schema", async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as unknown as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>
    }
    await expect(validateConfiguration(pkg.build, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined()
    await expect(validateConfiguration({ ...pkg.build, notAnOption: true }, { isEnabled: false, add: () => undefined })).rejects.toThrow(/notAnOption/)
  })

  it('targets AppImage+deb, dmg with hardened runtime, nsis; keeps keytar unpacked; registers the deep-link scheme', () => {
    const b = pkg.build
    expect(b.linux.target).toEqual(['AppImage', 'deb'])
    expect(b.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true })
    expect(existsSync(join(root, b.mac.entitlements))).toBe(true)
    expect(b.win.target).toEqual(['nsis'])
    expect(b.asarUnpack).toContain('**/*.node')
    expect(b.npmRebuild).toBe(false)
    expect(b.protocols[0].schemes).toEqual(['sahha-admin'])
    expect(existsSync(join(root, 'build/icon.png'))).toBe(true)
    expect(pkg.dependencies).toEqual({ keytar: expect.any(String) })
  })
})
