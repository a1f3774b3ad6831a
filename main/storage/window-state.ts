import { join } from 'node:path'
import { z } from 'zod'
import { createVersionedFile } from './json-file'
import type { StorageFs } from './disk'

const Bounds = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(1), height: z.number().int().min(1) })
export type Bounds = z.infer<typeof Bounds>
export interface WorkArea {
  x: number
  y: number
  width: number
  height: number
}

/** Remembered window position and size (not a secret), written atomically like every other file. */
export function createWindowStateFile(userDataDir: string, fs?: StorageFs) {
  return createVersionedFile({
    id: 'window-state',
    fs,
    path: join(userDataDir, 'window-state.json'),
    schemaVersion: 1,
    schema: z.object({ bounds: Bounds.nullable(), maximized: z.boolean() }),
    defaults: () => ({ bounds: null, maximized: false }),
    label: 'window state'
  })
}

/**
 * Saved bounds if they still fit a display (a monitor may have been unplugged since), shrunk to it if
 * needed; otherwise null, and the window opens at its default place.
 */
export function fitBounds(saved: Bounds | null, displays: readonly WorkArea[], min = { width: 900, height: 600 }): Bounds | null {
  if (!saved) return null
  const overlap = (d: WorkArea) =>
    Math.max(0, Math.min(saved.x + saved.width, d.x + d.width) - Math.max(saved.x, d.x)) *
    Math.max(0, Math.min(saved.y + saved.height, d.y + d.height) - Math.max(saved.y, d.y))
  const best = [...displays].sort((a, b) => overlap(b) - overlap(a))[0]
  if (!best || overlap(best) < 100 * 100) return null
  const width = Math.max(min.width, Math.min(saved.width, best.width))
  const height = Math.max(min.height, Math.min(saved.height, best.height))
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - width)
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - height)
  return { x, y, width, height }
}
