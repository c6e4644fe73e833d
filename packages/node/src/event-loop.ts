/** Lets the event loop run: what waits on it (I/O completions, timers, input) goes before the caller continues. */

/** Resolves after the events already waiting have run (setImmediate in Node, a zero timeout elsewhere). */
export const yieldToEvents = async (): Promise<void> => new Promise((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve)
  else setTimeout(resolve, 0)
})
