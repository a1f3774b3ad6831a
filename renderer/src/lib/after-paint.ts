/**
 * Resolves once the browser has painted what the current task put on screen: the next animation frame, then a task
 * after it (the frame's paint follows its callbacks). Where there are no frames (a hidden window, a test DOM), a task.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const later = () => setTimeout(resolve, 0)
    if (typeof requestAnimationFrame !== 'function' || document.hidden) later()
    else requestAnimationFrame(later)
  })
}

/**
 * Resolves after the next paint, once the renderer has an idle moment (at most `timeoutMs` later): for work that
 * helps later (prefetching) and must not delay what the operator is waiting for now.
 */
export async function whenIdle(timeoutMs = 250): Promise<void> {
  await afterPaint()
  await new Promise<void>((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: timeoutMs })
    else setTimeout(resolve, 0)
  })
}
