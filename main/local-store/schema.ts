/**
 * The tenant store's schema, as an ordered list of migrations. Filters and sorts run on main's in-memory
 * index (row-index.ts), so the connections table needs only its primary key. `PRAGMA user_version` holds how many
 * have run. A migration is never edited once released: add the next one. Times are integer
 * milliseconds with -1 for "none", so keyset paging can compare (time, externalId) pairs without
 * the NULL special cases; scope lists are space-separated.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: connection rows of the last complete sync, sync records, state transitions between syncs.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE syncs (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    outcome TEXT NOT NULL,
    error_json TEXT,
    cursor TEXT,
    rows_seen INTEGER NOT NULL DEFAULT 0,
    rows_changed INTEGER NOT NULL DEFAULT 0,
    total INTEGER,
    by_state TEXT,
    by_error TEXT,
    by_mode TEXT,
    alerts TEXT
  );
  CREATE TABLE connections (
    external_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    state_changed_at INTEGER NOT NULL DEFAULT -1,
    last_sync_at INTEGER NOT NULL DEFAULT -1,
    last_data_at INTEGER NOT NULL DEFAULT -1,
    error_code TEXT,
    requested_scopes TEXT NOT NULL DEFAULT '',
    granted_scopes TEXT NOT NULL DEFAULT '',
    missing_scopes TEXT,
    evidence TEXT,
    changed_sync INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE transitions (
    sync_id INTEGER NOT NULL,
    external_id TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    error_code TEXT,
    PRIMARY KEY (sync_id, external_id)
  ) WITHOUT ROWID;
  CREATE INDEX trans_user ON transitions (external_id, sync_id);
  `,
  // 2: per-tenant settings (history retention, spike-alert thresholds); sync records by outcome for the trend.
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE INDEX syncs_outcome ON syncs (outcome, ended_at);
  `
]

export const SCHEMA_VERSION = MIGRATIONS.length
