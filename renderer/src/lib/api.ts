import type { Api } from '../../../preload/create-api'
import { createBridgeApi } from './bridge-api'

declare global {
  interface Window {
    /** Set by the Electron preload. Absent in browser mode, where the bridge provides the same api. */
    readonly api?: Api
  }
}

let instance: Api | null = null

/** The one reader of window.api. */
export function getApi(): Api {
  instance ??= window.api ?? createBridgeApi()
  return instance
}

/** Tests inject a fake api here. */
export function setApiForTests(api: Api | null): void {
  instance = api
}
