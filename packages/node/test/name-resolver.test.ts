import { describe, expect, it } from 'vitest'
import { AmbiguousNameError, NicknameNotAcceptedError, resolvePeerName, UnknownNameError, type NameDirectory } from '../src/name-resolver.js'

const BOB = '12D3KooWBobBobBobBobBobBobBobBobBobBobBobBobBobBobBob1'
const MALLORY = '12D3KooWMalloryMalloryMalloryMalloryMalloryMallory2'
const CAROL = '12D3KooWCarolCarolCarolCarolCarolCarolCarolCarol3'
const DAVE = '12D3KooWDaveDaveDaveDaveDaveDaveDaveDaveDaveDave4'

/** Bob is a contact with petname "bob"; Mallory calls herself "bob" too; Carol and Dave both call themselves "sam". */
const directory = (overrides: Partial<NameDirectory> = {}): NameDirectory => ({
  contacts: [{ peerId: BOB, petname: 'bob' }, { peerId: CAROL, petname: '' }],
  nicks: new Map([[BOB, 'robert'], [MALLORY, 'bob'], [CAROL, 'sam'], [DAVE, 'sam']]),
  fingerprintOf: (peer) => `${peer.slice(8, 12).toLowerCase()}:0000`,
  isPeerId: (name) => name.startsWith('12D3KooW'),
  ...overrides
})

const refusal = (fn: () => unknown): Error & { candidates: Array<{ peerId: string, fingerprint: string }> } => {
  try {
    fn()
  } catch (err) {
    return err as any
  }
  throw new Error('not refused')
}

describe('resolvePeerName', () => {
  it('takes the user\'s petname before anyone\'s nick', () => {
    expect(resolvePeerName('bob', 'message', directory())).toBe(BOB)
    expect(resolvePeerName('bob', 'trust', directory())).toBe(BOB)
  })

  it('takes a PeerId as it is, for any use', () => {
    expect(resolvePeerName(MALLORY, 'trust', directory())).toBe(MALLORY)
    expect(resolvePeerName(DAVE, 'message', directory())).toBe(DAVE)
  })

  it('takes a nick for a message only when exactly one known peer has it', () => {
    expect(resolvePeerName('robert', 'message', directory())).toBe(BOB)
    const err = refusal(() => resolvePeerName('sam', 'message', directory()))
    expect(err.name).toBe(AmbiguousNameError.name)
    expect(err.candidates.map((c) => c.peerId).sort()).toEqual([CAROL, DAVE].sort())
    expect(err.message).toContain(directory().fingerprintOf(CAROL))
    expect(err.message).toContain(DAVE)
  })

  it('never takes a nick to verify, invite, remove or block, and names who has it', () => {
    const err = refusal(() => resolvePeerName('robert', 'trust', directory()))
    expect(err.name).toBe(NicknameNotAcceptedError.name)
    expect(err.candidates).toEqual([{ peerId: BOB, fingerprint: directory().fingerprintOf(BOB), petname: 'bob', nick: 'robert' }])
    // Without Bob's petname, "bob" is only Mallory's nick: refused, never resolved to her.
    const noPetname = directory({ contacts: [] })
    expect(refusal(() => resolvePeerName('bob', 'trust', noPetname)).name).toBe(NicknameNotAcceptedError.name)
    expect(resolvePeerName('bob', 'message', noPetname)).toBe(MALLORY)
  })

  it('refuses a petname two contacts share', () => {
    const dir = directory({ contacts: [{ peerId: BOB, petname: 'bob' }, { peerId: DAVE, petname: 'bob' }] })
    const err = refusal(() => resolvePeerName('bob', 'trust', dir))
    expect(err.name).toBe(AmbiguousNameError.name)
    expect(err.candidates.map((c) => c.peerId)).toEqual([BOB, DAVE])
  })

  it('refuses an unknown name with similar names as candidates', () => {
    const err = refusal(() => resolvePeerName('Sa', 'message', directory()))
    expect(err.name).toBe(UnknownNameError.name)
    expect(err.candidates.map((c) => c.peerId).sort()).toEqual([CAROL, DAVE].sort())
    expect(refusal(() => resolvePeerName('', 'message', directory())).name).toBe(UnknownNameError.name)
    expect(refusal(() => resolvePeerName('zed', 'trust', directory())).candidates).toEqual([])
  })

  it('shows names in a refusal made safe', () => {
    const dir = directory({ contacts: [], nicks: new Map([[MALLORY, 'x\x1b[2J'], [DAVE, 'x\x1b[2J']]) })
    const err = refusal(() => resolvePeerName('x\x1b[2J', 'message', dir))
    expect(err.name).toBe(AmbiguousNameError.name)
    expect(err.message).not.toContain('\x1b')
    expect(err.message).toContain('x␛[2J')
  })

  it('refuses a bad argument with a TypeError', () => {
    expect(() => resolvePeerName(3 as any, 'message', directory())).toThrow(TypeError)
    expect(() => resolvePeerName('bob', 'admin' as any, directory())).toThrow(TypeError)
  })
})
