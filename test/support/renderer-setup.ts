import { cleanup } from '@testing-library/react'
import { setApiForTests } from '../../renderer/src/lib/api'
import { resetStore } from '../../renderer/src/store'

// Every renderer test starts from a fresh window: no store state, no api, no DOM left by another test.
afterEach(() => {
  cleanup()
  setApiForTests(null)
  resetStore()
})
