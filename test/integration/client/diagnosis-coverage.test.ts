import { diagnose, diagnoseIntegration } from '../../../preload/contract/diagnosis/engine'
import { CATALOG } from '../../../preload/contract/diagnosis/catalog'
import { MODES } from '../../../main/simulator/seed'
import { setup } from './support'

// The simulator writes each failure mode's evidence (failure-modes.md §2); the client reads it back;
// the engine must name the same mode. This ties catalogue, simulator, client and diagnosis together.
describe('seeded failure modes are diagnosed as themselves', () => {
  it('covers every catalogue id with its own evidence', async () => {
    const { sim, client } = await setup({ profiles: 200 })
    try {
      const integration = (await client.admin.getIntegration('oura'))!.config
      const seen = new Set<string>()
      for (let i = 0; i < MODES.length; i++) {
        const mode = MODES[i]!
        if (mode.integrationLevel) continue
        const externalId = `user-${String(i + 2).padStart(7, '0')}`
        const detail = await client.admin.getConnection('oura', externalId)
        expect(detail.state, externalId).toBe(mode.state)
        const d = diagnose({ ...detail, integrationScopes: integration.scopes, now: new Date() })
        expect(d.id, `${externalId} (${detail.lastError?.code})`).toBe(mode.id)
        seen.add(d.id)
      }
      const webhook = diagnoseIntegration({ webhookStatus: await client.admin.webhookStatus('oura'), now: new Date() })
      expect(webhook?.id).toBe('OURA_WEBHOOK_SUBSCRIPTION_EXPIRED')
      seen.add(webhook!.id)
      expect([...seen].sort()).toEqual(CATALOG.map((m) => m.id).sort())
    } finally {
      await sim.close()
    }
  })

  it('seeds every state in realistic proportions (most connected)', async () => {
    const { sim, client } = await setup({ profiles: 5000 })
    try {
      const s = await client.admin.connectionSummary('oura')
      for (const st of ['pending', 'connected', 'needs_reauth', 'scope_missing', 'membership_expired', 'error', 'disconnected']) expect(s.byState[st], st).toBeGreaterThan(0)
      expect(s.byState.connected! / s.total).toBeGreaterThan(0.85)
    } finally {
      await sim.close()
    }
  })
})
