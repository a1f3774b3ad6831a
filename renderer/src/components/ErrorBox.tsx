import type { AppError } from '../../../preload/contract/result'

/** An AppError as the operator sees it: what happened, and what to do. */
export function ErrorBox({ error, onRetry }: { error: AppError; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert" data-testid="error-box" data-code={error.code}>
      <strong>{error.message}</strong>
      {error.remedy && <p className="remedy">{error.remedy}</p>}
      {onRetry && error.retryable && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}

/** The error's message for one form field, in words, without the schema's "field: " prefix; null for other fields. */
export function fieldMessage(error: AppError | null, field: string): string | null {
  return error?.field === field ? error.message.replace(new RegExp(`^${field.replace(/\./g, '\\.')}: `), '') : null
}
