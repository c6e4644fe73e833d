import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_ROOM_NAME_LENGTH } from '../src/constants.js'
import { normaliseRoomName } from '../src/room-name.js'

const nameOf = (input: unknown): string => {
  try {
    return normaliseRoomName(input)
  } catch (err) {
    return (err as Error).name
  }
}

describe('normaliseRoomName', () => {
  it('lower-cases, trims and drops a leading #', () => {
    expect(normaliseRoomName('Lobby')).toBe('lobby')
    expect(normaliseRoomName('  #Dev.Chat_2-x ')).toBe('dev.chat_2-x')
  })

  it('normalises to NFC before checking the alphabet', () => {
    // U+212A KELVIN SIGN is canonically equivalent to 'K'.
    expect(normaliseRoomName('\u212Aelvin')).toBe('kelvin')
    // 'e' + combining acute composes to 'é', which is outside [a-z0-9._-].
    expect(nameOf('cafe\u0301')).toBe('InvalidRoomNameError')
  })

  it(`accepts ${MAX_ROOM_NAME_LENGTH} characters and refuses one more`, () => {
    expect(normaliseRoomName('a'.repeat(MAX_ROOM_NAME_LENGTH))).toHaveLength(MAX_ROOM_NAME_LENGTH)
    expect(nameOf('a'.repeat(MAX_ROOM_NAME_LENGTH + 1))).toBe('InvalidRoomNameError')
  })

  it('refuses empty names, spaces, other scripts, lookalikes and non-strings', () => {
    for (const input of ['', '#', '   ', 'two words', 'lobby/1', 'ＬＯＢＢＹ', 'лобби', 'a\u0000b', 'emoji🙂', undefined, null, 42, {}, ['lobby']]) {
      expect(nameOf(input), JSON.stringify(input)).toBe('InvalidRoomNameError')
    }
  })

  it('either refuses garbage with InvalidRoomNameError or returns a valid name that normalises to itself', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything({ maxDepth: 1 })), (input) => {
      const out = nameOf(input)
      if (out === 'InvalidRoomNameError') return
      expect(out).toMatch(/^[a-z0-9._-]{1,64}$/)
      expect(normaliseRoomName(out)).toBe(out)
    }), { numRuns: 500 })
  })
})
