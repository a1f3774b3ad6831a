import type { EnvironmentId } from '../../preload/contract/models'
import { appError } from '../errors'

/**
 * The one guard for a typed confirmation ("type the tenant name to confirm"). The renderer asks
 * for it; main refuses without it, so a renderer that skipped the box cannot skip the check.
 * `when: 'production'` (the default) asks only on production tenants; `'always'` asks on every one
 * (removing a tenant).
 */
export function requireTypedConfirmation(opts: {
  environment: EnvironmentId
  typed: string | undefined
  expected: string
  /** What is being confirmed, in the message: "the disconnect", "replacing the client secret". */
  what: string
  field: 'confirmName' | 'confirmText'
  when?: 'production' | 'always'
}): void {
  if ((opts.when ?? 'production') === 'production' && opts.environment !== 'production') return
  if ((opts.typed ?? '').trim() === opts.expected) return
  const prefix = opts.environment === 'production' ? 'This is a production tenant: type' : 'Type'
  throw appError('VALIDATION', `${prefix} "${opts.expected}" exactly to confirm ${opts.what}.`, {
    field: opts.field,
    remedy: 'Type it exactly as shown, then confirm.',
    retryable: false
  })
}
