import { createParser } from 'eventsource-parser'

/**
 * Browser mode's event stream from the bridge: `GET /api/events` over fetch, read with
 * eventsource-parser. Unlike EventSource, fetch can send the bridge token as a header, so it never
 * sits in a URL (history, logs, Referer). Reconnects after a dropped stream, as EventSource would;
 * a refused token (401) stops it, loudly, since retrying cannot help.
 */
export function openEventStream(opts: {
  url: string
  token: string
  /** This tab's id (bridge-api.ts): the bridge cancels what the tab started once its stream is gone for good. */
  clientId?: string
  onEvent(name: string, data: string): void
  /** Called once the stream is refused for good (wrong token). */
  onRefused?(status: number): void
  fetch?: typeof fetch
  retryMs?: number
}): () => void {
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const controller = new AbortController()
  let retryMs = opts.retryMs ?? 1000

  const once = async (): Promise<'retry' | 'stop'> => {
    const res = await doFetch(opts.url, {
      headers: { 'X-Bridge-Token': opts.token, Accept: 'text/event-stream', ...(opts.clientId ? { 'X-Bridge-Client': opts.clientId } : {}) },
      cache: 'no-store',
      signal: controller.signal
    })
    if (res.status === 401 || res.status === 403 || res.status === 421) {
      opts.onRefused?.(res.status)
      return 'stop'
    }
    if (!res.ok || !res.body) return 'retry'
    const parser = createParser({
      onEvent: (e) => opts.onEvent(e.event ?? 'message', e.data),
      onRetry: (ms) => {
        retryMs = ms
      }
    })
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return 'retry'
      parser.feed(value)
    }
  }

  void (async () => {
    const closed = () => controller.signal.aborted
    while (!closed()) {
      const next = await once().catch(() => 'retry' as const)
      if (next === 'stop' || closed()) return
      await new Promise((r) => setTimeout(r, retryMs))
    }
  })()
  return () => controller.abort()
}
