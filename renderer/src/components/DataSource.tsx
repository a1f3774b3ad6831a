/** Where a screen's data comes from: every screen says it, and an invented (admin API) source is never shown as Sahha's. */
export type DataSourceKind = 'sahha' | 'oura' | 'admin' | 'local'

const LABEL: Record<DataSourceKind, string> = {
  sahha: 'Sahha (documented API)',
  oura: "Oura (your Oura app's credentials)",
  admin: 'admin API (not published by Sahha)',
  local: 'this app (kept on this machine)'
}

export function dataSourceLabel(kind: DataSourceKind): string {
  return LABEL[kind]
}

export function DataSource({ kinds, note }: { kinds: readonly DataSourceKind[]; note?: string }) {
  return (
    <p className="data-source" data-testid="data-source" data-sources={kinds.join(' ')}>
      <span className="data-source-label">Data from:</span> {kinds.map(dataSourceLabel).join(' · ')}
      {note && <span className="hint"> {note}</span>}
    </p>
  )
}
