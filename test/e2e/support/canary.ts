import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * The secret canary (issue F.5). `test/e2e/run.mjs` gives each run of the e2e suite a unique suffix;
 * the Demo simulator's client secrets end in it (`--demo-secret-suffix`), so every secret the suite
 * types contains it. Every artifact a secret could leak into (bridge responses and event frames, DOM
 * snapshots, downloads, the user-data folder with settings, drafts, audit log and main log, the
 * bridge's own output) is kept under `artifacts` and searched for the suffix once the suite is done.
 */
const suffix = process.env.SAHHA_E2E_CANARY ?? `cnry${randomBytes(8).toString('hex')}`
export const ARTIFACTS = process.env.SAHHA_E2E_ARTIFACTS ?? null

export const canary = {
  suffix,
  acmeAccountSecret: `acme-account-secret-${suffix}`,
  acmeOuraSecret: `acme-oura-secret-${suffix}`,
  demoOuraSecret: `demo-oura-secret-${suffix}`,
  demoAccountSecret: `demo-account-secret-${suffix}`,
  /** A secret of the operator's own, for a production tenant that is never called. */
  productionSecret: `prod-secret-${suffix}`
}

/** A folder under the artifacts folder, created (null when the suite runs without the canary runner). */
export function artifactDir(kind: string): string | null {
  if (!ARTIFACTS) return null
  const dir = join(ARTIFACTS, kind)
  mkdirSync(dir, { recursive: true })
  return dir
}

let seq = 0
/** A fresh path under the artifacts folder (null when the suite runs without the canary runner). */
export function artifactPath(kind: string, name: string): string | null {
  const dir = artifactDir(kind)
  return dir && join(dir, `${process.pid}-${++seq}-${name}`)
}

export function keepArtifact(kind: string, name: string, text: string): void {
  const path = artifactPath(kind, name)
  if (path) writeFileSync(path, text)
}

export function appendArtifact(path: string | null, text: string): void {
  if (path) appendFileSync(path, text + '\n')
}
