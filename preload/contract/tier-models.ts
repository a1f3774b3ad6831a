import { z } from 'zod'
import { TIER_STATES } from './diagnosis/documented-tier'

/** IPC models of the documented-only tier (issue J). No tokens, no health values: states, times, statuses. */

export const TierRejected = z.object({ line: z.number(), value: z.string(), reason: z.string() })
export const TierSettingsModel = z.object({ windowDays: z.number(), freshDays: z.number(), concurrency: z.number() })
export const TierRunModel = z.object({
  id: z.string(),
  kind: z.enum(['full', 'rescan', 'check']),
  status: z.enum(['running', 'done', 'cancelled', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  linkedOnly: z.boolean()
})
export const TierProgressModel = z.object({
  runId: z.string(),
  kind: z.string(),
  done: z.number(),
  queued: z.number(),
  total: z.number().nullable(),
  enumerated: z.boolean(),
  pass: z.number(),
  rate: z.number(),
  etaSeconds: z.number().nullable()
})
export const TierStatusModel = z.object({
  running: z.object({ operationId: z.string(), runId: z.string(), kind: z.string(), progress: TierProgressModel.nullable() }).nullable(),
  lastComplete: TierRunModel.nullable(),
  lastRun: TierRunModel.nullable(),
  interrupted: TierRunModel.nullable(),
  counts: z.record(z.string(), z.number()),
  settings: TierSettingsModel
})
export const TierRowModel = z.object({
  externalId: z.string(),
  state: z.enum(TIER_STATES),
  checkedAt: z.string(),
  lastDataAt: z.string().nullable(),
  stateChangedAt: z.string(),
  diagnosis: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable()
})
export const TierCallModel = z.object({ at: z.string(), call: z.string(), path: z.string(), status: z.number().nullable(), answer: z.string(), ms: z.number() })
const Mode = z.object({ id: z.string(), title: z.string(), sees: z.string(), cause: z.string(), confirm: z.string(), remedy: z.string(), state: z.string(), action: z.string() })
export const TierDetailModel = TierRowModel.extend({
  evidence: z.object({
    calls: z.array(TierCallModel),
    integrations: z.array(z.record(z.string(), z.unknown())).nullable(),
    error: z.object({ code: z.string(), message: z.string(), httpStatus: z.number().nullable(), raw: z.string().nullable() }).nullable()
  }),
  history: z.array(z.object({ from: z.string().nullable(), to: z.string(), at: z.string() })),
  diagnosisMode: Mode.nullable()
})
export type TierRow = z.infer<typeof TierRowModel>
export type TierDetail = z.infer<typeof TierDetailModel>
export type TierStatus = z.infer<typeof TierStatusModel>
