/**
 * The one message model applied to stored DMs: edits ordered by send time
 * whatever order they arrive in, author-only edits and deletes, reactions
 * de-duplicated per reactor and capped, stored DMs decoded with limits.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_REACTIONS_PER_MESSAGE } from '../../packages/node/src/constants.js'
import { applyChange, decodeStoredDm } from '../../packages/node/src/dm/dm-model.js'
import { DmPayload, StoredDm } from '../../packages/node/src/pb/dm.js'

const ME = 'me'
const THEM = 'them'

function payload (fields: Partial<DmPayload>): DmPayload {
  return { id: 'x', kind: DmPayload.Kind.TEXT, sentAt: 1n, nick: '', text: '', target: 't', reaction: '', replyTo: '', data: new Uint8Array(), mentions: [], ...fields }
}

function message (outgoing: boolean): StoredDm {
  return { payload: payload({ id: 't', text: 'original' }), from: outgoing ? ME : THEM, outgoing, delivered: true, read: false, deleted: false, reactions: [], editedAt: 0n, editedId: '' }
}

describe('edits of a stored DM', () => {
  it('show the latest (sentAt, id) whatever order they arrive in', () => {
    fc.assert(fc.property(fc.array(fc.record({ sentAt: fc.bigInt({ min: 1n, max: 50n }), id: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 4, maxLength: 4 }) }), { minLength: 1, maxLength: 12 }), (edits) => {
      let stored = message(false)
      for (const e of edits) stored = applyChange(stored, THEM, payload({ kind: DmPayload.Kind.EDIT, text: `${e.sentAt}/${e.id}`, ...e }), false) ?? stored
      const latest = [...edits].sort((a, b) => (a.sentAt === b.sentAt ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.sentAt < b.sentAt ? -1 : 1)).at(-1)
      expect(stored.editedText).toBe(`${latest?.sentAt}/${latest?.id}`)
    }))
  })

  it('and deletes come from the author only', () => {
    const theirs = message(false)
    expect(applyChange(theirs, ME, payload({ kind: DmPayload.Kind.EDIT, text: 'forged' }), true)).toBeUndefined()
    expect(applyChange(theirs, ME, payload({ kind: DmPayload.Kind.DELETE }), true)).toBeUndefined()
    const mine = message(true)
    expect(applyChange(mine, THEM, payload({ kind: DmPayload.Kind.EDIT, text: 'forged' }), false)).toBeUndefined()
    expect(applyChange(mine, THEM, payload({ kind: DmPayload.Kind.DELETE }), false)).toBeUndefined()
    expect(applyChange(mine, ME, payload({ kind: DmPayload.Kind.DELETE }), true)?.deleted).toBe(true)
  })
})

describe('reactions on a stored DM', () => {
  it('are kept once per reactor and reaction, and at most MAX_REACTIONS_PER_MESSAGE', () => {
    let stored = message(true)
    const react = (from: string, reaction: string): StoredDm | undefined => applyChange(stored, from, payload({ kind: DmPayload.Kind.REACTION, reaction }), from === ME)
    stored = react(THEM, '👍') ?? stored
    expect(react(THEM, '👍')).toBeUndefined()
    stored = react(ME, '👍') ?? stored
    expect(stored.reactions).toEqual([`${THEM} 👍`, `${ME} 👍`])
    for (let i = stored.reactions.length; i < MAX_REACTIONS_PER_MESSAGE; i++) stored = react(THEM, `r${i}`) ?? stored
    expect(stored.reactions).toHaveLength(MAX_REACTIONS_PER_MESSAGE)
    expect(react(THEM, 'one too many')).toBeUndefined()
  })

  it('beyond the limit make a stored record that does not decode: CorruptMessageError', () => {
    const over = StoredDm.encode({ ...message(true), reactions: Array.from({ length: MAX_REACTIONS_PER_MESSAGE + 1 }, (_, i) => `${THEM} r${i}`) })
    expect(() => decodeStoredDm(over)).toThrow(expect.objectContaining({ name: 'CorruptMessageError' }))
  })
})

describe('stored DMs from damaged bytes', () => {
  it('decode or fail with CorruptMessageError only', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      try {
        decodeStoredDm(bytes)
      } catch (err) {
        expect((err as Error).name).toBe('CorruptMessageError')
      }
    }), { numRuns: 500 })
  })
})
