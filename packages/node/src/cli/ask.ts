/** Questions at the terminal: a visible answer, or a hidden one for passphrases. */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

/** Asks a question; with `hidden`, what is typed is not echoed. */
export async function ask (question: string, hidden = false): Promise<string> {
  let muted = false
  const output = new Writable({
    write (chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk)
      done()
    }
  })
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY })
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => {
        if (hidden) process.stdout.write('\n')
        resolve(answer.trim())
      })
      muted = hidden
    })
  } finally {
    rl.close()
  }
}
