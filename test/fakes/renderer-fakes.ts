import { setApiForTests } from '../../renderer/src/lib/api'
import { createFakeApi, type FakeApi, type FakeHandlers } from './fake-api'

/** What the renderer's OS notifications showed, and the window state and permission they depend on. */
export interface FakeNotifications {
  readonly shown: { title: string; body: string }[]
  /** `document.hidden`: the operator is looking elsewhere (the default, so a finished job notifies). */
  hidden: boolean
  permission: NotificationPermission
}

/**
 * Replaces `Notification` and `document.hidden` for one test file (call it at the file's top level). Every
 * test starts with nothing shown, the window hidden and notifications allowed.
 */
export function fakeNotifications(): FakeNotifications {
  const state: FakeNotifications = { shown: [], hidden: true, permission: 'granted' }
  class FakeNotification {
    readonly title: string
    static get permission(): NotificationPermission {
      return state.permission
    }
    constructor(title: string, opts: { body: string }) {
      this.title = title
      state.shown.push({ title, body: opts.body })
    }
  }
  beforeAll(() => {
    vi.stubGlobal('Notification', FakeNotification)
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state.hidden })
  })
  afterAll(() => vi.unstubAllGlobals())
  beforeEach(() => {
    state.shown.length = 0
    state.hidden = true
    state.permission = 'granted'
  })
  return state
}

/** A typed fake preload API, installed as the renderer's api (test/support/renderer-setup.ts removes it after each test). */
export function installFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const api = createFakeApi(handlers)
  setApiForTests(api)
  return api
}
