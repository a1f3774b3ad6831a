import type { Api } from '../../../preload/create-api'
import { createBridgeApi } from './bridge-api'

declare global {
  interface Window {
    /** Set by the Electron preload. Absent in browser mode, where the bridge provides the same api. */
    readonly api?: Api
  }
}

let instance: Api | null = null

/**
 * Which host this page talks to, chosen explicitly: the Electron preload when it is there, the
 * loopback bridge only when the page was served over http: (by the bridge itself). Anything else
 * (a file: page without the preload, a page opened from elsewhere) is refused loudly rather than
 * falling back to a bridge that is not there.
 */
export function pickHost(w: { api?: Api; location: { protocol: string } }): 'ipc' | 'bridge' {
  if (w.api) return 'ipc'
  if (w.location.protocol === 'http:') return 'bridge'
  throw new Error(
    `No way to reach the app's main process: the Electron preload is missing and this page was not served by the app's browser-mode bridge (protocol ${w.location.protocol}). Start the app with \`npm start\` or \`npm run start:web\`.`
  )
}

/** The one reader of window.api. Only store actions call it (lint: features/ and components/ may not). */
export function getApi(): Api {
  instance ??= pickHost(window) === 'ipc' ? window.api! : createBridgeApi()
  return instance
}

/** Tests inject a fake api here. */
export function setApiForTests(api: Api | null): void {
  instance = api
}
