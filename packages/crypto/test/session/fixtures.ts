import { generateIdentity, generatePrekeys, initiateSession, respondToSession, type Identity, type PrekeySecrets, type Session } from '../../src/index.js'

const enc = new TextEncoder()
const dec = new TextDecoder()

/** Encodes a test message. */
export const text = (s: string): Uint8Array => enc.encode(s)
/** Decodes a test message. */
export const str = (b: Uint8Array): string => dec.decode(b)

/** Alice and Bob with a session started by Alice's first message "hello". */
export interface Pair {
  alice: Identity
  bob: Identity
  bobSecrets: PrekeySecrets
  a: Session
  b: Session
}

/** Alice starts a session from Bob's bundle; Bob answers the first message. */
export function startPair (oneTimeCount = 5): Pair {
  const alice = generateIdentity()
  const bob = generateIdentity()
  const bobSecrets = generatePrekeys(bob, { oneTimeCount })
  const a = initiateSession(alice, bobSecrets.bundle())
  const first = a.encrypt(text('hello'))
  const { session: b, plaintext } = respondToSession(bob, bobSecrets, first)
  if (str(plaintext) !== 'hello') throw new Error('fixture: first message did not decrypt')
  return { alice, bob, bobSecrets, a, b }
}
