import type { z } from 'zod'
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput
} from '../../preload/contract/channels'
import { fail, ok, type AppError, type Result } from '../../preload/contract/result'
import { redactAppError, toAppError } from '../errors'
import type { Logger } from '../log'
import type { Sender, SenderPolicy } from './sender-policy'

/** Who owns the operations a call starts: one Electron window's web contents, the bridge, or a test. */
export function senderKey(sender: Sender): string {
  if (sender.kind === 'electron') return `webContents:${String(sender.webContentsId)}`
  return sender.kind === 'bridge' && sender.clientId ? `bridge:${sender.clientId}` : sender.kind
}

export interface HandlerContext {
  readonly signal: AbortSignal
  readonly sender: Sender
}

export type Handler<K extends ChannelName> = (
  input: ChannelParsedInput<K>,
  ctx: HandlerContext
) => Promise<ChannelOutput<K>>

/** The compiler checks that every channel has a handler. */
export type Handlers = { [K in ChannelName]: Handler<K> }

export type Dispatch = (channel: unknown, rawInput: unknown, sender: Sender, signal?: AbortSignal) => Promise<Result<unknown>>

function validationError(issue: z.core.$ZodIssue | undefined): AppError {
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined
  return {
    code: 'VALIDATION',
    message: issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'The request was malformed.',
    remedy: field ? `Correct the field "${field}" and try again.` : 'Reload the window; if it persists, report it.',
    field,
    retryable: false
  }
}

/**
 * The one entry point for every call, whatever the transport. Knows nothing of Electron:
 * unknown channel, untrusted sender and bad input are refused with typed errors; handler failures
 * become AppErrors once, here; the output is parsed through its schema so that a field a handler
 * should not have returned (a secret, say) is stripped rather than sent.
 */
export function createDispatch(
  handlers: Handlers,
  policy: SenderPolicy,
  log: Logger,
  /** Runs each handler in its sender's scope (the operations it starts belong to that sender). */
  scope: <T>(sender: Sender, run: () => Promise<T>) => Promise<T> = (_sender, run) => run()
): Dispatch {
  return async (channel, rawInput, sender, signal = new AbortController().signal) => {
    if (!isChannelName(channel)) {
      log.warn('ipc.refused', { reason: 'unknown channel', channel: String(channel).slice(0, 80) })
      return fail({
        code: 'UNKNOWN_CHANNEL',
        message: 'The app asked for something this version does not offer.',
        remedy: 'Reload the window. If you run a development build, rebuild it.',
        retryable: false
      })
    }
    if (!policy.isTrusted(sender)) {
      log.warn('ipc.refused', { reason: 'untrusted sender', channel, sender: sender.kind })
      return fail({
        code: 'UNTRUSTED_SENDER',
        message: 'This request did not come from the app window and was refused.',
        remedy: 'Use the app window. In browser mode, open the exact URL the app printed (it carries the access token).',
        retryable: false
      })
    }
    const spec = channels[channel]
    const parsed = spec.input.safeParse(rawInput ?? {})
    if (!parsed.success) return fail(validationError(parsed.error.issues[0]))
    const started = Date.now()
    try {
      const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => Promise<unknown>
      const value = await scope(sender, () => handler(parsed.data, { signal, sender }))
      const out = spec.output.safeParse(value)
      if (!out.success) {
        log.error('ipc.bad-output', { channel, issue: out.error.issues[0]?.path.join('.') })
        return fail({
          code: 'INTERNAL',
          message: 'The app produced an answer it could not send.',
          remedy: 'Retry; if it happens again, report it with the log.',
          retryable: true
        })
      }
      log.debug('ipc.ok', { channel, ms: Date.now() - started })
      return ok(out.data)
    } catch (e) {
      // The last boundary before the renderer: whatever a vendor echoed, no registered secret or secret shape crosses it.
      const error = redactAppError(toAppError(e), (text) => log.scrub(text))
      if (error.code === 'INTERNAL') log.error('ipc.crash', { channel, error: e })
      else log.info('ipc.failed', { channel, code: error.code, ms: Date.now() - started })
      return fail(error)
    }
  }
}
