import type { AppError, Result } from '../../../preload/contract/result'

/** What a screen shows of one call to main: idle, loading, its value, or its typed error (kept beside the last value). */
export interface Load<T> {
  readonly status: 'idle' | 'loading' | 'done' | 'error'
  readonly value: T | null
  readonly error: AppError | null
}
export const loading = <T>(prev: Load<T> | undefined): Load<T> => ({ status: 'loading', value: prev?.value ?? null, error: null })
export const settled = <T>(r: Result<T>, prev: Load<T> | undefined): Load<T> =>
  r.ok ? { status: 'done', value: r.value, error: null } : { status: 'error', value: prev?.value ?? null, error: r.error }
