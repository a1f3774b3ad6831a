import { useEffect } from 'react'
import type { ChangesModel, Tenant } from '../../../../preload/contract/models'
import { vocabularyOf } from '../../../../preload/contract/rules/connection-states'
import { DataSource } from '../../components/DataSource'
import { ErrorBox } from '../../components/ErrorBox'
import { maskId } from '../../lib/privacy'
import { useStore } from '../../store'
import { adminApiOf } from '../../store/selectors'
import { LocalDataSettings } from './LocalDataSettings'
import { modeId, modeTitle } from './modes'
import { TrendChart } from './TrendChart'
import { stateColor } from '../connections/StateChart'

const DOCUMENTED_COLORS: Record<string, string> = { 'not linked': '#8a94a6', 'linked · data fresh': '#2f9e44', 'linked · no recent data': '#f08c00', 'profile gone': '#e03131', unknown: '#495057' }

const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—')

function Sample({ tenantId, ids, total }: { tenantId: string; ids: readonly string[]; total: number }) {
  const open = useStore((s) => s.openConnection)
  const privacy = useStore((s) => s.privacy)
  return (
    <span className="change-sample">
      {ids.slice(0, 12).map((id) => (
        <button key={id} type="button" className="link mono" onClick={() => open(tenantId, id)} data-testid="change-user" data-external-id={maskId(id, privacy)}>
          {maskId(id, privacy)}
        </button>
      ))}
      {total > Math.min(12, ids.length) && <span className="hint"> and {(total - Math.min(12, ids.length)).toLocaleString()} more</span>}
    </span>
  )
}

function Changes({ tenant, v }: { tenant: Tenant; v: ChangesModel }) {
  const sync = v.sync!
  const vocab = vocabularyOf(sync.source)
  const brokenTotal = v.becameBroken.reduce((n, g) => n + g.count, 0)
  return (
    <>
      <p className="hint" data-testid="changes-compared">
        The {sync.kind} sync of {time(sync.endedAt)} ({sync.total?.toLocaleString() ?? '?'} users) compared with the one of {time(v.previous!.endedAt)}.
        {sync.kind === 'incremental' && ' An incremental sync sees only the users it checked or that changed.'}
      </p>
      <div className="changes-grid">
        <section className="card" aria-labelledby="changes-broken-h" data-testid="changes-broken" data-count={brokenTotal}>
          <h3 id="changes-broken-h">
            Became broken <strong>{brokenTotal.toLocaleString()}</strong>
          </h3>
          {v.becameBroken.length === 0 ? (
            <p className="hint" data-testid="changes-broken-none">No user became broken in this sync.</p>
          ) : (
            <ul className="change-groups">
              {v.becameBroken.map((g) => (
                <li key={g.mode} data-testid="change-group" data-mode={g.mode} data-mode-id={modeId(sync.source, g.state, g.errorCode)} data-count={g.count}>
                  <div className="change-group-head">
                    <strong>{modeTitle(sync.source, g.state, g.errorCode)}</strong> <span className="hint">{g.mode}</span>
                    <span className="change-count">{g.count.toLocaleString()}</span>
                  </div>
                  <Sample tenantId={tenant.id} ids={g.sample} total={g.count} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="changes-recovered-h" data-testid="changes-recovered" data-count={v.recovered.count}>
          <h3 id="changes-recovered-h">
            Recovered <strong>{v.recovered.count.toLocaleString()}</strong>
          </h3>
          {v.recovered.count === 0 ? (
            <p className="hint">No broken user recovered in this sync.</p>
          ) : (
            <>
              <p className="hint">
                Now{' '}
                {Object.entries(v.recovered.byState)
                  .map(([s, n]) => `${s.replace(/_/g, ' ')} ${n.toLocaleString()}`)
                  .join(', ')}
                .
              </p>
              <Sample tenantId={tenant.id} ids={v.recovered.sample} total={v.recovered.count} />
            </>
          )}
        </section>
      </div>
      <p className="hint">
        Broken means: {[...vocab.broken].join(', ')}. Users are grouped by state and last error code; the title is the diagnosis catalogue's.
      </p>
    </>
  )
}

/** Issue I item 4: per tenant, what changed since the previous sync, and the counts per state over the retained days. */
export function ChangesView({ tenant }: { tenant: Tenant }) {
  const c = useStore((s) => s.changesByTenant[tenant.id])
  const load = useStore((s) => s.loadChanges)
  const loadAlerts = useStore((s) => s.loadAlerts)
  const setView = useStore((s) => s.setView)
  useEffect(() => {
    void load(tenant.id)
    void loadAlerts(tenant.id)
  }, [tenant.id, load, loadAlerts])
  const v = c?.value ?? null
  const source = v?.sync?.source ?? (adminApiOf(tenant) === 'absent' ? 'documented-scan' : 'admin-api')
  const vocab = vocabularyOf(source)
  const state = !v ? (c?.status === 'error' ? 'error' : 'loading') : !v.sync ? 'no-sync' : !v.previous ? 'one-sync' : 'ready'
  return (
    <div className="changes-view" data-testid="changes-view" data-state={state} data-sync-id={v?.sync?.id ?? ''}>
      <div className="changes-head">
        <DataSource kinds={source === 'documented-scan' ? ['sahha', 'local'] : ['admin', 'local']} note={`— states: ${vocab.origin}; every sync is kept on this machine.`} />
        <button type="button" onClick={() => void load(tenant.id)} disabled={c?.status === 'loading'} data-testid="changes-reload">
          Reload
        </button>
      </div>
      {c?.error && <ErrorBox error={c.error} onRetry={() => void load(tenant.id)} />}
      {state === 'loading' && <p aria-busy="true">Loading changes…</p>}
      {state === 'no-sync' && (
        <div className="empty-state" data-testid="changes-empty">
          <h3>No sync yet</h3>
          <p>
            This tenant has no complete {source === 'documented-scan' ? 'scan' : 'sync'} on this machine.{' '}
            <button type="button" className="link" onClick={() => setView('connections')}>
              Open Connections
            </button>{' '}
            and {source === 'documented-scan' ? 'run a scan' : 'refresh'}; changes appear after the next one.
          </p>
        </div>
      )}
      {state === 'one-sync' && (
        <div className="empty-state" data-testid="changes-empty">
          <h3>One sync so far</h3>
          <p>
            The {v!.sync!.kind} sync of {time(v!.sync!.endedAt)} set the baseline ({v!.sync!.total?.toLocaleString() ?? '?'} users): changes appear after the next one.
          </p>
        </div>
      )}
      {state === 'ready' && <Changes tenant={tenant} v={v!} />}
      {v && v.trend.length > 0 && (
        <section className="card wide" aria-labelledby="trend-h">
          <h3 id="trend-h">Users per state over the retained syncs ({v.trend.length})</h3>
          <TrendChart points={v.trend} states={vocab.states} broken={vocab.broken} colorOf={source === 'documented-scan' ? (st) => DOCUMENTED_COLORS[st] ?? '#888' : stateColor} />
        </section>
      )}
      <LocalDataSettings tenant={tenant} />
    </div>
  )
}
