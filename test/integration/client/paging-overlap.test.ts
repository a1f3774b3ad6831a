import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { setup } from './support'

// undici's own channel: published when a request's headers are written to the socket.
const SENT = 'undici:client:sendHeaders'

describe('listing pages', () => {
  it("asks for the next page before the caller starts on this one, so the caller's work overlaps the network", async () => {
    const { sim, client } = await setup({ profiles: 3000 })
    const sent: number[] = []
    const onSent = () => sent.push(performance.now())
    subscribe(SENT, onSent)
    try {
      await client.admin.connectionSummary('oura') // the account token, fetched before the listing
      const starts: number[] = []
      sent.length = 0
      for await (const page of client.admin.iterateAllConnections('oura', { pageSize: 200 })) {
        const t = performance.now()
        starts.push(t)
        expect(page.length).toBeGreaterThan(0)
        // A caller's synchronous work on the page (mapping, the store's batch): main's thread is busy meanwhile.
        while (performance.now() - t < 15);
      }
      expect(starts).toHaveLength(15)
      expect(sent).toHaveLength(15)
      // Request k+1 left before the caller began page k, i.e. it never waited for that work.
      for (let k = 0; k + 1 < starts.length; k++) expect(sent[k + 1]!, `page ${k + 1}`).toBeLessThan(starts[k]!)
    } finally {
      unsubscribe(SENT, onSent)
      await sim.close()
    }
  })
})
