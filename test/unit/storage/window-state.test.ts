import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWindowStateFile, fitBounds } from '../../../main/storage/window-state'

const screen = { x: 0, y: 0, width: 1920, height: 1080 }
const right = { x: 1920, y: 0, width: 2560, height: 1440 }

describe('remembered window bounds', () => {
  it('round-trips through the file', async () => {
    const f = createWindowStateFile(await mkdtemp(join(tmpdir(), 'sia-ws-')))
    expect(await f.load()).toEqual({ bounds: null, maximized: false })
    await f.save({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true })
    expect(await f.load()).toEqual({ bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true })
  })

  it('reopens where it was when that display is still there', () => {
    expect(fitBounds({ x: 2000, y: 100, width: 1400, height: 900 }, [screen, right])).toEqual({ x: 2000, y: 100, width: 1400, height: 900 })
  })

  it('forgets a position on a display that is gone, and shrinks bounds larger than the screen', () => {
    expect(fitBounds({ x: 2000, y: 100, width: 1400, height: 900 }, [screen])).toBeNull()
    expect(fitBounds({ x: -50, y: -20, width: 4000, height: 3000 }, [screen])).toEqual({ x: 0, y: 0, width: 1920, height: 1080 })
    expect(fitBounds(null, [screen])).toBeNull()
  })
})
