/** The `parley` terminal UI under test: the real CLI in a pseudo-terminal (@lydell/node-pty), its screen output accumulated. */
import { spawn, type IPty } from '@lydell/node-pty'
import { CLI } from '../peer/harness.js'
import { until } from '../support/poll.js'

export class Terminal {
  readonly pty: IPty
  output = ''

  constructor (args: string[], { cols = 160, rows = 50 } = {}) {
    this.pty = spawn(process.execPath, [CLI, ...args], { name: 'xterm', cols, rows, env: { ...process.env, NO_COLOR: '1' } })
    this.pty.onData((d) => { this.output += d })
  }

  /** Waits until the output from `from` on matches `pattern`; a timeout shows the end of the screen. */
  async waitFor (pattern: RegExp, timeoutMs = 20_000, from = 0): Promise<RegExpMatchArray> {
    try {
      return await until(String(pattern), () => this.output.slice(from).match(pattern), timeoutMs, 50)
    } catch (err) {
      throw new Error(`${(err as Error).message}; screen:\n${this.output.slice(-1500)}`, { cause: err })
    }
  }

  /** The screen's lines as printed: each output line from where it was last cleared (the prompt is drawn, then cleared for a print). */
  lines (): string[] {
    return this.output.split('\n').map((l) => l.replace(/\r$/, '').split('\r\x1b[K').at(-1) ?? '')
  }

  type (line: string): void {
    this.pty.write(line + '\r')
  }

  /** Types a command after clearing the input line (Ctrl-E, Ctrl-U) (a refused command comes back for editing); returns where its output starts. */
  command (line: string): number {
    const from = this.output.length
    this.pty.write('\x05\x15' + line + '\r')
    return from
  }
}
