/**
 * `--json`'s output: lines gathered over one turn of the event loop and written to the stream
 * together. Each `write` on a pipe is a system call, and a peer in a burst of DMs writes a command's
 * answer and a receipt per DM (the dm bench measured stdout at ~8% of the sender's CPU, one call per
 * line). What waits is at most one turn's lines: they go at the end of the turn (`setImmediate`),
 * in order, and at the latest when the process exits.
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
