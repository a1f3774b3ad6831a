import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { createApi, type Invoke, type Subscribe } from '../../../preload/create-api'
import type { Tenant } from '../../../preload/contract/models'
import type { TierRow } from '../../../preload/contract/tier-models'
import { setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'
import { subscribeMainEvents } from '../../../renderer/src/store/events'
import { TierConnectionsView } from '../../../renderer/src/features/tier/TierConnectionsView'

// Issue J on the documented tier's screen: the CSV export holds every matching user, not the first page
// of the rows channel (20,000 at most per call); a deep link opens a single user's check.
const downloads: { name: string; text: string }[] = []
vi.mock('../../../renderer/src/lib/download', () => ({ downloadText: (name: string, text: string) => downloads.push({ name, text }) }))

const T = 't_tiertest01'
const tenant = { id: T, name: 'Docs', environment: 'demo' } as unknown as Tenant
const ROWS = 45_123
const row = (i: number): TierRow => ({
  externalId: `user-${String(i).padStart(7, '0')}`,
  state: i % 7 === 0 ? 'linked_no_data' : 'linked_recent',
  checkedAt: '2026-12-02T05:00:00.000Z',
  lastDataAt: '2026-12-01T05:00:00.000Z',
  stateChangedAt: '2026-12-02T05:00:00.000Z',
  diagnosis: i % 7 === 0 ? 'SAHHA_LINKED_NO_RECENT_DATA' : null,
  errorCode: null,
  errorMessage: null
})
const status = { running: null, lastComplete: { id: 'run_done1', kind: 'full', status: 'done', startedAt: '2026-12-02T04:00:00Z', finishedAt: '2026-12-02T05:00:00Z', linkedOnly: false }, lastRun: null, interrupted: null, counts: {}, settings: { windowDays: 14, freshDays: 3, concurrency: 4 } }

const calls: { channel: string; input: Record<string, unknown> }[] = []
const checked = new Set<string>()
const invoke: Invoke = async (channel, raw) => {
  const input = raw as Record<string, unknown>
  calls.push({ channel, input })
  if (channel === 'tier.status') return { ok: true, value: status }
  if (channel === 'tier.rows') {
    const offset = Number(input.offset ?? 0)
    const limit = Number(input.limit ?? 500)
    // The screen's own window (500) answers 20 rows, to keep jsdom light; the export's pages are full.
    const rows = Array.from({ length: Math.max(0, Math.min(limit === 20_000 ? limit : 20, ROWS - offset)) }, (_, k) => row(offset + k))
    return { ok: true, value: { rows, total: ROWS, counts: { linked_recent: ROWS - 6447, linked_no_data: 6447 }, rejected: [] } }
  }
  if (channel === 'tier.detail') {
    const id = String(input.externalId)
    if (!checked.has(id)) return { ok: false, error: { code: 'NOT_FOUND', message: `${id} has not been checked on this tenant yet.`, retryable: false } }
    return { ok: true, value: { ...row(77), externalId: id, evidence: { calls: [], error: null, integrations: null }, history: [], diagnosisMode: null } }
  }
  if (channel === 'tier.scan') return { ok: true, value: { operationId: 'op_2', runId: 'run_rescan1', resumed: false } }
  if (channel === 'tier.check') {
    checked.add(String(input.text))
    return { ok: true, value: { operationId: 'op_1', runId: 'run_check1', accepted: 1, duplicates: 0, rejected: [] } }
  }
  return { ok: false, error: { code: 'INTERNAL', message: `unexpected ${channel}`, retryable: false } }
}
const listeners = new Map<string, ((p: unknown) => void)[]>()
const subscribe: Subscribe = (event, listener) => {
  listeners.set(event, [...(listeners.get(event) ?? []), listener])
  return () => listeners.set(event, (listeners.get(event) ?? []).filter((l) => l !== listener))
}

// A loaded 2-core machine: waits are bounded by app state, these bounds only decide when a missing state is reported.
describe('documented tier screen', { timeout: 60_000 }, () => {
  beforeAll(() => configure({ asyncUtilTimeout: 20_000 }))
  afterAll(() => configure({ asyncUtilTimeout: 1000 }))
  beforeEach(() => {
    calls.length = 0
    downloads.length = 0
    checked.clear()
    listeners.clear()
    setApiForTests(createApi(invoke, subscribe))
  })

  it(`Export CSV holds all ${ROWS.toLocaleString('en')} matching users (three pages of the rows channel), in the tier's state names`, async () => {
    render(<TierConnectionsView tenant={tenant} />)
    await screen.findByText(/45,123 user\(s\)/)
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
    await waitFor(() => expect(downloads).toHaveLength(1))
    const lines = downloads[0]!.text.trim().split('\n')
    expect(lines[0]).toBe('externalId,state,lastDataAt,checkedAt,diagnosis,error')
    expect(lines).toHaveLength(ROWS + 1)
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(ROWS)
    expect(lines[7 + 1]!.split(',')[1]).toBe('linked · no recent data')
    expect(calls.filter((c) => c.channel === 'tier.rows' && Number(c.input.limit) === 20_000).map((c) => c.input.offset)).toEqual([0, 20_000, 40_000])
  })

  it('a deep link to a user never checked on this tenant checks that user now and opens its detail', async () => {
    const off = subscribeMainEvents(useStore)
    render(<TierConnectionsView tenant={tenant} />)
    await screen.findByText(/45,123 user\(s\)/)
    act(() => {
      for (const l of listeners.get('navigation.open') ?? []) l({ tenantId: T, externalId: 'ticket-user-9' })
    })
    await waitFor(() => expect(useStore.getState().tierDetail?.externalId).toBe('ticket-user-9'))
    expect(calls.filter((c) => c.channel === 'tier.check').map((c) => c.input)).toEqual([{ tenantId: T, text: 'ticket-user-9' }])
    expect(useStore.getState().tierDetailId).toBe('ticket-user-9')
    off()
  })

  it('"check these users" imports a CSV file into the list and checks exactly that text', async () => {
    render(<TierConnectionsView tenant={tenant} />)
    await screen.findByText(/45,123 user\(s\)/)
    fireEvent.click(screen.getByTestId('tier-check-open'))
    const csv = 'name,externalId\nAda,ticket-1\n"Lovelace, A",ticket-2\n'
    fireEvent.change(screen.getByLabelText('Import a file'), { target: { files: [new File([csv], 'ticket.csv', { type: 'text/csv' })] } })
    await waitFor(() => expect((screen.getByTestId('tier-paste') as HTMLTextAreaElement).value).toBe(csv))
    fireEvent.click(screen.getByTestId('tier-check-run'))
    await waitFor(() => expect(calls.filter((c) => c.channel === 'tier.check').map((c) => c.input.text)).toEqual([csv]))
  })

  it('"Re-scan (oldest first)" with "linked users only" asks main for a linked-only re-scan', async () => {
    render(<TierConnectionsView tenant={tenant} />)
    await screen.findByText(/45,123 user\(s\)/)
    fireEvent.click(screen.getByLabelText('linked users only'))
    fireEvent.click(screen.getByRole('button', { name: 'Re-scan (oldest first)' }))
    await waitFor(() => expect(calls.filter((c) => c.channel === 'tier.scan').map((c) => c.input)).toEqual([{ tenantId: T, kind: 'rescan', linkedOnly: true }]))
  })
})
