/**
 * Child of storage-faults.test.ts. It runs inside a private mount namespace whose data folder is a
 * small tmpfs: real EROFS and ENOSPC from the kernel, which chmod cannot give a root test runner.
 * argv: <mount point> <scenario>; prints one JSON line of what the operator would have seen.
 */
import { spawnSync } from 'node:child_process'
import { open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { toAppError } from '../../../main/errors'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'
import { composeOn } from '../../soak/scenarios'

const [mount, scenario] = process.argv.slice(2) as [string, 'first-start' | 'full' | 'read-only']
const data = join(mount, 'data')

async function fillDisk(): Promise<void> {
  const h = await open(join(mount, 'filler'), 'w')
  const block = Buffer.alloc(4096, 1)
  try {
    for (;;) await h.write(block)
  } catch {
    // ENOSPC: the disk is full now.
  } finally {
    await h.close().catch(() => undefined)
  }
}

async function main(): Promise<Record<string, unknown>> {
  const secrets = createMemorySecretStore()
  let app
  try {
    app = await composeOn(data, secrets)
  } catch (e) {
    return { start: toAppError(e) }
  }
  const call = (channel: string, input: unknown) => app.dispatch(channel, input, { kind: 'test' })
  const listed = await call('tenants.list', {})
  const demoId = listed.ok ? (listed.value as { id: string }[])[0]!.id : ''
  const settingsBefore = await readdir(data)
  if (scenario === 'full') await fillDisk()
  if (scenario === 'read-only') {
    const r = spawnSync('mount', ['-o', 'remount,ro', mount], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`remount failed: ${r.stderr}`)
  }
  const create = await call('tenants.create', { name: 'Typed Co', environment: 'sandbox', sahhaClientId: 'typed-cid', sahhaClientSecret: 'typed-secret-value-0001' })
  const draft = await call('drafts.save', { tenantId: demoId, provider: 'oura', edit: { enabled: true, clientId: 'typed', scopes: [], providerAppScopes: null, redirectUrlWhitelist: [] }, baseVersion: null })
  const onboarding = await call('onboarding.save', { current: null })
  const after = {
    files: await readdir(data),
    tenants: ((await call('tenants.list', {})) as { ok: boolean; value?: { name: string }[] }).value?.map((t) => t.name),
    secrets: [...secrets.entries.keys()]
  }
  let afterFreeing: unknown
  if (scenario === 'full') {
    await rm(join(mount, 'filler'))
    afterFreeing = await call('tenants.create', { name: 'Typed Co', environment: 'sandbox', sahhaClientId: 'typed-cid', sahhaClientSecret: 'typed-secret-value-0001' })
  }
  await app.close()
  return { settingsBefore, create, draft, onboarding, after, afterFreeing }
}

void main().then(
  (r) => process.stdout.write(JSON.stringify(r) + '\n'),
  (e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n')
    process.exit(1)
  }
)
