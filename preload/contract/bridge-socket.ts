/**
 * Browser mode's socket to the loopback bridge (main/bridge/socket.ts, renderer/src/lib/bridge-socket.ts).
 * A browser cannot set headers on a WebSocket, so the per-launch token and the tab's client id travel as offered
 * subprotocols beside `BRIDGE_PROTOCOL`, the only one the bridge selects, so neither is echoed back.
 */
export const BRIDGE_PROTOCOL = 'sahha-bridge.v1'
export const TOKEN_PROTOCOL_PREFIX = 'bridge-token.'
export const CLIENT_PROTOCOL_PREFIX = 'bridge-client.'
export const BRIDGE_SOCKET_PATH = '/api/socket'

/** Renderer → main: one call; `id` is the renderer's, echoed in the answer. */
export interface BridgeCallFrame {
  id: number
  channel: string
  input: unknown
}
/** Main → renderer: the answer to call `id`, the same Result the HTTP path returns. */
export interface BridgeAnswerFrame {
  id: number
  result: unknown
}
