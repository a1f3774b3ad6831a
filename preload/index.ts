import { contextBridge, ipcRenderer } from 'electron'
import { createApi } from './create-api'

// One function per contract channel (createApi binds each to its fixed name); no raw ipcRenderer, no generic invoke.
const api = createApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, listener) => {
    const wrapped = (_e: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(`event:${event}`, wrapped)
    return () => ipcRenderer.removeListener(`event:${event}`, wrapped)
  }
)
contextBridge.exposeInMainWorld('api', api)
