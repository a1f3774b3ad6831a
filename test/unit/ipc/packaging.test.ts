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

  it('flips the Electron fuses that close the ways around the app: no run-as-Node, no NODE_OPTIONS, no --inspect, only our signed asar', async () => {
    expect(pkg.build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true
    })
    // grantFileProtocolExtraPrivileges stays at Electron's default (on): the window loads out/renderer from file://.
    // What electron-builder 26 will write into the binary's fuse wire from that config, by @electron/fuses' names:
    const { PlatformPackager } = (await import('app-builder-lib')) as unknown as {
      PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } }
    }
    const { FuseV1Options } = await import('@electron/fuses')
    const wire = await PlatformPackager.prototype.generateFuseConfig.call({}, pkg.build.electronFuses)
    const byName = Object.fromEntries(Object.entries(wire).filter(([k]) => /^\d+$/.test(k)).map(([k, v]) => [FuseV1Options[Number(k)], v]))
    expect(byName).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true
    })
    // A misspelt fuse is a schema error, not a fuse silently left as it was.
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as unknown as {
      validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>
    }
    await expect(validateConfiguration({ ...pkg.build, electronFuses: { runAsnode: false } }, { isEnabled: false, add: () => undefined })).rejects.toThrow(/configuration\.electronFuses/)
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
    expect(pkg.dependencies).toEqual({ keytar: expect.any(String), ws: expect.any(String) })
  })
})
