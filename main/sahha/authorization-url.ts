import { appError } from '../errors'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** An origin to name in a message: never the path or query, which carry the client ID, state and more. */
function originOf(u: URL): string {
  return u.origin !== 'null' ? u.origin : `${u.protocol}${u.host ? `//${u.host}` : ''}`
}

/**
 * The authorization link Sahha returns is shown to the operator, copied into messages to end users
 * and exported in bulk, so main accepts it only when it points at the environment's Oura
 * authorization server: https on Oura's host, or the simulator's Oura base on Demo (plain http on
 * loopback). A javascript:, data:, file: or sahha-admin: link, or any other host, is refused.
 */
export function checkAuthorizationUrl(raw: string, ouraCloudBase: string): string {
  const expected = new URL(ouraCloudBase)
  const refuse = (what: string) =>
    appError('BAD_RESPONSE', `Sahha returned an authorization link to ${what}, not to Oura (${expected.origin}); it was not shown or exported.`, {
      remedy: 'Do not send a link for this user; report it to Sahha support with the time of the request.',
      retryable: false
    })
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw refuse('an address that is not a URL')
  }
  const secureOrSimulator = u.protocol === 'https:' || (expected.protocol === 'http:' && LOOPBACK.has(expected.hostname))
  const basePath = expected.pathname.replace(/\/+$/, '')
  if (!secureOrSimulator || u.origin !== expected.origin || u.username || u.password || !u.pathname.startsWith(`${basePath}/`)) {
    const where = u.origin !== expected.origin || !secureOrSimulator ? '' : u.username || u.password ? ' with a user name or password in it' : ' outside its Oura path'
    throw refuse(`${originOf(u)}${where}`)
  }
  return raw
}
