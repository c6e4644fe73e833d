/**
 * `--json`'s output: lines gathered over one turn of the event loop and written to the stream
 * together, one `write` (a system call on a pipe) where a burst of DMs made two per DM (the
 * command's answer and the receipt). They go at the end of the current microtasks, in order, so
 * no line waits for the rest of the turn (round 10 flushed at `setImmediate`, which delayed the
 * `dm` line), and `flush()` writes what waits at once (the CLI calls it on exit).
 */
export interface LineOut {
  write: (line: string) => void
  /** Writes what waits now. */
  flush: () => void
}

export function lineOut (stream: { write: (text: string) => unknown }): LineOut {
  let waiting: string[] = []
  let scheduled = false
  const flush = (): void => {
    scheduled = false
    if (waiting.length === 0) return
    const text = waiting.join('')
    waiting = []
    stream.write(text)
  }
  return {
    write: (line) => {
      waiting.push(line + '\n')
      if (!scheduled) queueMicrotask(flush)
      scheduled = true
    },
    flush
  }
}
