/**
 * Fuzzing `parley --json` (cli/json.ts reads stdin in its loop, with no
 * parser exported, so it is driven through one child process): lines that
 * are not JSON, JSON that is not an object, unknown commands, and known
 * commands with arguments of every wrong type. Every line gets exactly one
 * reply, in order; a refusal names a typed error, never a bare Error,
 * TypeError or RangeError; and the peer still answers `whoami` at the end.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from '../peer/harness.js'

const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 300)
const UNTYPED = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError'])
/** Commands that act on the network or wait on timers are left out: their replies are not parser output. */
const COMMANDS = ['join', 'leave', 'rooms', 'send', 'edit', 'delete', 'react', 'history', 'members', 'peers', 'nick', 'whoami',
  'dm-history', 'outbox', 'contacts', 'contact-add', 'block', 'unblock', 'verify', 'safety-number', 'private-rooms',
  'private-history', 'mailbox', 'mailboxes-of', 'peer-score', 'mailbox-use']
const KEYS = ['room', 'text', 'target', 'reaction', 'peer', 'to', 'nick', 'limit', 'before', 'replyTo', 'petname', 'peers', 'name']

/** A line with no newline in it (readline would split it) and not blank (those are skipped). */
const oneLine = (s: string): string => `x${s.replace(/[\r\n\u2028\u2029\u0085]/g, ' ')}`

const anyValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  fc.string({ maxLength: 3000 }), fc.constantFrom('lobby', '../../etc', 'a'.repeat(65), '', ' ', '12D3KooWfake', '-1', '1e309'))

const line: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }).map(oneLine),
  fc.json({ maxDepth: 3 }).filter((s) => !/^\s*\{/.test(s) || !s.includes('"cmd"')).map((s) => s.replace(/\n/g, ' ')).filter((s) => s.trim() !== ''),
  fc.record({ cmd: fc.oneof(fc.constantFrom(...COMMANDS), anyValue.filter((v) => v !== 'quit')) }).chain((c) =>
    fc.dictionary(fc.constantFrom(...KEYS), anyValue, { maxKeys: 4 }).map((args) => JSON.stringify({ ...args, ...c })))
)

describe('fuzzing parley --json lines', () => {
  const cluster = new Cluster()
  let p: ParleyProcess

  beforeAll(async () => {
    p = await cluster.start()
  })

  afterAll(async () => {
    await cluster.close()
  })

  it('answers every line once, in order, naming a typed error when it refuses', async () => {
    const replies = (): Json[] => p.events.filter((e) => e.event === undefined)
    await fc.assert(fc.asyncProperty(line, async (text) => {
      const before = replies().length
      p.child.stdin.write(text + '\n')
      const reply = await p.waitFor((e) => e.event === undefined && replies().indexOf(e) === before, 20_000, `the reply to ${text.slice(0, 100)}`)
      expect(typeof reply.ok, text).toBe('boolean')
      if (reply.ok === false) {
        expect(typeof reply.error?.name, text).toBe('string')
        expect(UNTYPED.has(reply.error.name), `${text} → ${JSON.stringify(reply.error)}`).toBe(false)
      }
    }), { numRuns: RUNS })
    expect((await p.ok({ cmd: 'whoami' })).peerId).toBe(p.peerId)
  }, 600_000)

  it('refuses the names of Object.prototype\'s properties as unknown commands', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect((await p.send({ cmd: name })).error?.name, name).toBe('BadCommandError')
    }
  })
})
