/** Child of the crash-safety scenario: writes in a loop until it is killed. */
import { createSettingsFile } from '../../main/storage/settings'
import { createDraftStore } from '../../main/storage/drafts'
import { createAuditLog } from '../../main/storage/audit-log'

const dir = process.argv[2]!
const settings = createSettingsFile(dir)
const drafts = createDraftStore(dir)
const audit = createAuditLog(dir)

async function main() {
  for (let seq = 1; ; seq++) {
    const name = `seq-${seq}`
    await Promise.all([
      settings.save({ demoSeeded: true, tenants: [{ id: 't_crash00001', name, environment: 'sandbox', sahhaClientId: 'cid', createdAt: '2026-11-24T00:00:00Z', updatedAt: new Date().toISOString() }] }),
      drafts.save('t_crash00001', 'oura', { edit: { enabled: true, clientId: name, scopes: ['daily'], providerAppScopes: ['daily'], redirectUrlWhitelist: ['https://x.example/cb'] }, baseVersion: seq }),
      audit.append({ tenantId: 't_crash00001', environment: 'sandbox', action: 'soak.write', summary: `write ${seq} ${'x'.repeat(200)}` })
    ])
    process.stdout.write(`ack ${seq}\n`)
  }
}
void main()
