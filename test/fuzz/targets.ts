/**
 * The fuzz targets: every decoder and handler that reads remote or stored
 * bytes, each with a fast-check generator (random bytes, and mutations of
 * real encodings so inputs get past the first length check) and the typed
 * errors it may throw. Shared by the CI property test (fuzz.test.ts, a
 * bounded run count) and `npm run fuzz` (run.ts, long runs). A target fails
 * on an input when it throws anything but one of its typed errors, or takes
 * longer than its budget (100 ms unless it says otherwise).
 */
import {
  compareScannable, decodePrekeyBundle, encodePrekeyBundle, sign, SIGNATURE_LABELS, generateIdentity, generatePrekeys, initiateSession, openIdentity, openRoomMessage,
  PrekeySecrets, respondToSession, RoomKeyring, scannableSafetyNumber, sealIdentity, sealRoomMessage, Session, verifyPrekeyBundle,
  type Identity
} from '@parley/crypto'
import fc from 'fast-check'
import { fromString, toString } from 'uint8arrays'
import { openAnnouncement } from '../../packages/node/src/communities/directory.js'
import { decodeModAction, modAction, ModAction } from '../../packages/node/src/communities/mod-action.js'
import { ownedRoomId } from '../../packages/node/src/communities/owned-room.js'
import { openEvent, sealEvent } from '../../packages/node/src/envelope.js'
import { CARD_LINK_PREFIX } from '../../packages/node/src/net/constants.js'
import { createContactCard, parseContactCard } from '../../packages/node/src/net/contact-card.js'
import { ContactCard as ContactCardPb, SignedContactCard } from '../../packages/node/src/pb/card.js'
import { Announcement } from '../../packages/node/src/pb/directory.js'
import { Envelope, RoomEvent } from '../../packages/node/src/pb/room.js'
import { storedFrom, toRoomMessage } from '../../packages/node/src/room-messages.js'
import { Iblt, shortIdOf } from '../../packages/node/src/sync/iblt.js'
import { SyncSet } from '../../packages/node/src/sync/reconcile.js'
import { decodeFileRef } from '../../packages/node/src/files/file-ref.js'
import { decodeBlobRequest, encodeChunkReply, openBlobReply } from '../../packages/node/src/files/wire.js'
import { BlobReply, BlobRequest, FileRef } from '../../packages/node/src/pb/files.js'
import { encodeBody, fromRecord, openBody } from '../../packages/node/src/private-rooms/body.js'
import { PrivateRoomBody, StoredPrivateMessage } from '../../packages/node/src/pb/private-room.js'
import { decodeCallSignal } from '../../packages/node/src/calls/signal.js'
import { CallMedia, CallSignal } from '../../packages/node/src/pb/call.js'
import { chunkTree, FILE_KEY_LENGTH, FILE_NONCE_LENGTH, leafHash, newFileSecret, sealChunk, TREE_HASH_LENGTH } from '@parley/crypto'

/** One fuzz target. */
export interface FuzzTarget {
  name: string
  /** What it reads, and from where. */
  about: string
  /** Builds the generator (after libsodium is ready). */
  arbitrary: () => fc.Arbitrary<Uint8Array>
  /** Feeds one input to the code under test; throwing one of `errors` is a pass. */
  run: (input: Uint8Array) => void
  /** Names of the typed errors this input may be refused with. */
  errors: readonly string[]
  budgetMs?: number
  /** Set while the target is known to fail (the fix lives on another branch); CI leaves it out. */
  knownFailing?: string
  /** Set while some inputs are known to exceed the budget; CI still checks the errors, without the budget. */
  knownSlow?: string
}

/** What a failing input did. */
export class FuzzFailureError extends Error {
  static override name = 'FuzzFailureError'
  constructor (message: string) {
    super(message)
    this.name = FuzzFailureError.name
  }
}

export const DEFAULT_BUDGET_MS = 100

/** Runs one input once; returns how long it took. */
function once (target: FuzzTarget, input: Uint8Array): number {
  const started = performance.now()
  try {
    target.run(input)
  } catch (err) {
    const name = err instanceof Error ? err.name : typeof err
    if (!target.errors.includes(name)) {
      throw new FuzzFailureError(`${target.name}: untyped error ${name}: ${(err as Error)?.message} on ${hex(input)}`)
    }
  }
  return performance.now() - started
}

/**
 * Runs one input: returns when it passes, throws FuzzFailureError (naming
 * the input) when it fails. An input over the budget is timed a second
 * time, so a pause of a loaded machine (GC, another process) is not blamed
 * on it; over the budget twice is a failure.
 */
export function check (target: FuzzTarget, input: Uint8Array, { timed = true } = {}): void {
  const budget = target.budgetMs ?? DEFAULT_BUDGET_MS
  const took = once(target, input)
  if (!timed || took <= budget) return
  const again = once(target, input)
  if (again > budget) throw new FuzzFailureError(`${target.name}: took ${took.toFixed(0)} and ${again.toFixed(0)} ms (budget ${budget}) on ${hex(input)}`)
}

const hex = (b: Uint8Array): string => (b.length > 256 ? `${b.length} bytes, starting ${Buffer.from(b.subarray(0, 128)).toString('hex')}` : Buffer.from(b).toString('hex'))

/**
 * Random bytes, or one of `seeds` damaged: a byte flipped, cut short,
 * bytes inserted, or a slice repeated.
 */
export function mutated (seeds: Uint8Array[], maxLength = 2048, frozen: (i: number) => boolean = () => false): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds)
  const at = (b: Uint8Array): fc.Arbitrary<number> => fc.nat({ max: Math.max(0, b.length - 1) })
  const flip = seed.chain((b) => fc.tuple(fc.array(fc.tuple(at(b), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 })).map(([edits]) => {
    const out = Uint8Array.from(b)
    for (const [i, x] of edits) if (!frozen(i)) out[i] ^= x
    return out
  }))
  const cut = seed.chain((b) => at(b).map((i) => b.slice(0, i)))
  const insert = seed.chain((b) => fc.tuple(at(b), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([i, x]) => {
    const out = new Uint8Array(b.length + x.length)
    out.set(b.subarray(0, i)); out.set(x, i); out.set(b.subarray(i), i + x.length)
    return out
  }))
  const repeat = seed.chain((b) => fc.tuple(at(b), at(b)).map(([i, j]) => {
    const [from, to] = i < j ? [i, j] : [j, i]
    const out = new Uint8Array(b.length + to - from)
    out.set(b.subarray(0, to)); out.set(b.subarray(from), to)
    return out
  }))
  return fc.oneof(fc.uint8Array({ maxLength }), flip, cut, insert, repeat)
}

const ROOM = 'lobby'
/** A valid PeerId to mention. */
const MENTIONED = '12D3KooWMEwuwzkTx1hyPJYCuZKDZhrNCmnFiuSyacYGtCVP9kzn'
const identity = (): Identity => generateIdentity()
/** A well-formed file reference (any root, key and nonce of the right lengths), for messages that carry one. */
const sampleFileRef = (): Uint8Array<ArrayBuffer> => FileRef.encode({ name: 'photo.jpg', type: 'image/jpeg', size: 9n, root: new Uint8Array(TREE_HASH_LENGTH).fill(1), key: new Uint8Array(FILE_KEY_LENGTH).fill(2), nonce: new Uint8Array(FILE_NONCE_LENGTH).fill(3), thumbnail: new Uint8Array(40), caption: 'hi' })

/** A room envelope signed by the claimed author with any field values (reaches the shape checks). */
const signedEvent = (author: Identity): fc.Arbitrary<Uint8Array> => fc.record({
  room: fc.constantFrom(ROOM, 'other', ''),
  sentAt: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  nick: fc.string({ maxLength: 80 }),
  kind: fc.constantFrom(...Object.values(RoomEvent.Kind).filter((k): k is RoomEvent.Kind => typeof k === 'string')),
  text: fc.string({ maxLength: 200 }),
  replyTo: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 })),
  target: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 })),
  reaction: fc.string({ maxLength: 40 }),
  nonce: fc.uint8Array({ maxLength: 16 }),
  mentions: fc.array(fc.oneof(fc.constant(MENTIONED), fc.string({ maxLength: 70 })), { maxLength: 40 })
}).map((event) => {
  const payload = RoomEvent.encode(event)
  const signature = sign(author, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>
  return Envelope.encode({ payload, signature, author: author.publicKey as Uint8Array<ArrayBuffer> })
})

function roomEnvelope (): FuzzTarget {
  return {
    name: 'room-envelope',
    about: 'a room envelope from gossip or history sync (envelope.ts openEvent)',
    errors: ['InvalidEnvelopeError', 'EnvelopeTooLargeError', 'TextTooLongError', 'TooManyMentionsError', 'InvalidMentionError'],
    arbitrary: () => {
      const author = identity()
      const real = [0, 1, 2].map((i) => sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: `hello ${i}`, mentions: i === 0 ? [] : [MENTIONED] }).bytes)
      return fc.oneof(mutated(real), signedEvent(author))
    },
    run: (input) => { openEvent(input, ROOM) }
  }
}

function storedRoomMessage (): FuzzTarget {
  return {
    name: 'stored-room-message',
    about: 'a room message read back from the history store (room-messages.ts toRoomMessage)',
    errors: ['CorruptMessageError'],
    arbitrary: () => {
      const author = identity()
      return mutated([
        ...[0, 1].map((i) => storedFrom(sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: `stored ${i}` }), Date.now())),
        storedFrom(sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: 'a photo', file: sampleFileRef() }), Date.now())
      ])
    },
    run: (input) => { toRoomMessage('0'.repeat(64), input) }
  }
}

interface DmFixture { respond: (b: Uint8Array) => void, decrypt: (b: Uint8Array) => void, real: Uint8Array[] }

function dmFrames (): FuzzTarget[] {
  const setup = (): DmFixture => {
    const alice = identity()
    const bob = identity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 5 })
    const a = initiateSession(alice, secrets.bundle(1))
    const first = a.encrypt(new TextEncoder().encode('hello'))
    const { session: b } = respondToSession(bob, PrekeySecrets.deserialize(secrets.serialize()), first)
    const reply = b.encrypt(new TextEncoder().encode('hi'))
    a.decrypt(reply)
    const later = [a.encrypt(new TextEncoder().encode('one')), a.encrypt(new TextEncoder().encode('two'))]
    const bState = b.serialize()
    const secretState = secrets.serialize()
    return {
      // On copies: a refused frame must leave no trace, and every input starts from the same state.
      respond: (bytes) => { respondToSession(bob, PrekeySecrets.deserialize(secretState), bytes) },
      decrypt: (bytes) => { Session.deserialize(bState).decrypt(bytes) },
      real: [first, ...later]
    }
  }
  let state: DmFixture | undefined
  const session = (): DmFixture => (state ??= setup())
  const errors = ['MalformedMessageError', 'MessageAuthenticationError', 'DuplicateMessageError', 'TooManySkippedMessagesError',
    'UnknownPrekeyError', 'SessionMismatchError', 'InvalidKeyError', 'InvalidLengthError']
  return [{
    name: 'dm-prekey-message',
    about: 'the first DM frame of a session, answered with our prekeys (x3dh.ts respondToSession)',
    errors,
    arbitrary: () => mutated(session().real, 1024),
    run: (input) => { session().respond(input) }
  }, {
    name: 'dm-message',
    about: 'a DM frame on an established session (session.ts decrypt)',
    errors,
    knownSlow: 'a header claiming a message number up to MAX_SKIP (and a new ratchet key) makes decrypt derive that many chain keys before the frame authenticates: 100-140 ms on the 2-core machine (crypto/session, reported to the lead)',
    arbitrary: () => mutated(session().real, 1024),
    run: (input) => { session().decrypt(input) }
  }]
}

function prekeyBundle (): FuzzTarget {
  return {
    name: 'prekey-bundle',
    about: 'a bundle served on /parley/prekey/1.0.0 (decodePrekeyBundle, verifyPrekeyBundle)',
    errors: ['InvalidPrekeyBundleError', 'InvalidSignatureError', 'InvalidKeyError', 'InvalidLengthError'],
    arbitrary: () => {
      const secrets = generatePrekeys(identity(), { oneTimeCount: 3 })
      return mutated([0, 1, 3].map((n) => encodePrekeyBundle(secrets.bundle(n))))
    },
    run: (input) => { verifyPrekeyBundle(decodePrekeyBundle(input)) }
  }
}

/** A table whose cells are peelable ids with some cells zeroed: what a hostile responder can send. */
function poisonedTable (): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.integer({ min: 1, max: 20 }), fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }))
    .map(([cellsThird, ids, zeroed]) => {
      const t = new Iblt(cellsThird * 3)
      for (const id of ids) t.insert(shortIdOf(id))
      const bytes = t.encode()
      for (const z of zeroed) bytes.fill(0, 4 + (z % t.cellCount) * 16, 4 + (z % t.cellCount) * 16 + 16)
      return bytes
    })
}

function syncTable (): FuzzTarget {
  return {
    name: 'sync-table',
    about: 'an IBLT in a SyncReply, decoded and peeled against ours (iblt.ts decodeBytes, reconcile.ts differenceWith)',
    errors: ['InvalidSyncMessageError', 'IbltDecodeError'],
    arbitrary: () => {
      const ours = Array.from({ length: 10 }, (_, i) => Uint8Array.of(i, ...new Uint8Array(31)))
      const real = [new SyncSet(ours.slice(0, 5).map((id) => ({ id }))).table(48).encode()]
      return fc.oneof(mutated(real, 4096), poisonedTable())
    },
    run: (input) => {
      const ours = new SyncSet([{ id: new Uint8Array(32).fill(7) }])
      ours.differenceWith(Iblt.decodeBytes(input))
    }
  }
}

function privateRoom (): FuzzTarget[] {
  let keyring: RoomKeyring | undefined
  const ring = (): RoomKeyring => {
    if (keyring === undefined) {
      keyring = RoomKeyring.create(new Uint8Array(32).fill(1))
      keyring.rotate()
    }
    return keyring
  }
  return [{
    name: 'private-room-message',
    about: 'a sealed private-room message from its topic (room-message.ts openRoomMessage)',
    errors: ['InvalidRoomMessageError', 'UnknownEpochError', 'InvalidSignatureError', 'InvalidKeyError', 'InvalidLengthError'],
    arbitrary: () => mutated([sealRoomMessage(identity(), ring(), new TextEncoder().encode('{"text":"hi"}'))]),
    run: (input) => { openRoomMessage(ring(), input) }
  }, {
    name: 'room-keyring',
    about: 'a keyring in an INVITE or REKEY, or stored (RoomKeyring.deserialize)',
    errors: ['InvalidKeyringError', 'InvalidLengthError'],
    arbitrary: () => mutated([ring().serialize()]),
    run: (input) => { RoomKeyring.deserialize(input) }
  }]
}

function stored (): FuzzTarget[] {
  const secrets = (): PrekeySecrets => generatePrekeys(identity(), { oneTimeCount: 4 })
  return [{
    name: 'key-store',
    about: 'the sealed identity blob on disk (key-store.ts openIdentity); the Argon2id cost fields stay as sealed, since honest costs take longer than the budget',
    errors: ['CorruptKeyStoreError', 'WrongPassphraseError', 'KeyDerivationError'],
    budgetMs: 250,
    arbitrary: () => mutated([sealIdentity(identity(), 'pw', { opsLimit: 1, memLimit: 8192 })], 200, (i) => i >= 6 && i < 14),
    run: (input) => { openIdentity(input, 'pw') }
  }, {
    name: 'prekey-secrets',
    about: 'our stored prekey secrets (PrekeySecrets.deserialize)',
    errors: ['InvalidSessionStateError', 'InvalidLengthError', 'InvalidKeyError'],
    arbitrary: () => mutated([secrets().serialize()], 1024),
    run: (input) => { PrekeySecrets.deserialize(input) }
  }, {
    name: 'session-state',
    about: 'a stored ratchet session (Session.deserialize)',
    errors: ['InvalidSessionStateError', 'InvalidLengthError', 'InvalidKeyError'],
    arbitrary: () => {
      const s = secrets()
      return mutated([initiateSession(identity(), s.bundle(1)).serialize()], 1024)
    },
    run: (input) => { Session.deserialize(input) }
  }]
}

function safetyCode (): FuzzTarget {
  let pair: [{ id: Uint8Array, publicKey: Uint8Array }, { id: Uint8Array, publicKey: Uint8Array }] | undefined
  const sides = (): NonNullable<typeof pair> => {
    if (pair === undefined) {
      const [a, b] = [identity(), identity()]
      pair = [{ id: a.publicKey, publicKey: a.publicKey }, { id: b.publicKey, publicKey: b.publicKey }]
    }
    return pair
  }
  return {
    name: 'safety-code',
    about: 'a scanned safety-number code (safety-number.ts compareScannable)',
    errors: ['InvalidScannableError', 'ScannableVersionMismatchError'],
    arbitrary: () => mutated([scannableSafetyNumber(sides()[1], sides()[0], 10)], 200),
    run: (input) => { compareScannable(sides()[0], sides()[1], input, 10) }
  }
}

/** A contact card signed by the key it carries, with any field values (reaches the checks after the signature). */
const signedCard = (who: Identity): fc.Arbitrary<Uint8Array> => fc.record({
  version: fc.constantFrom(1, 0, 2),
  publicKey: fc.constant(who.publicKey as Uint8Array<ArrayBuffer>),
  nick: fc.string({ maxLength: 80 }),
  addrs: fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(Uint8Array.of(4, 127, 0, 0, 1, 6, 15, 161))), { maxLength: 10 }),
  issuedAt: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  expiresAt: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })
}).map((body) => {
  const card = ContactCardPb.encode(body)
  return SignedContactCard.encode({ card, signature: sign(who, SIGNATURE_LABELS.contactCard, card) as Uint8Array<ArrayBuffer> })
})

function contactCard (): FuzzTarget {
  const now = Date.now()
  return {
    name: 'contact-card',
    about: 'a contact card link pasted or scanned from a QR code (net/contact-card.ts parseContactCard)',
    errors: ['InvalidContactCardError', 'ExpiredContactCardError', 'ContactCardTooLargeError'],
    arbitrary: () => {
      const who = identity()
      const real = [0, 1].map((i) => fromString(createContactCard(who, { nick: `n${i}`, addrs: ['/ip4/127.0.0.1/tcp/4001', '/dns4/example.org/tcp/443/wss'] }).slice(CARD_LINK_PREFIX.length), 'base64url'))
      return fc.oneof(mutated(real), signedCard(who))
    },
    run: (input) => {
      try {
        parseContactCard(CARD_LINK_PREFIX + toString(input, 'base64url'), { now })
      } finally {
        parseContactCard(CARD_LINK_PREFIX + new TextDecoder().decode(input), { now })
      }
    }
  }
}

function moderationAction (): FuzzTarget {
  const now = Date.now()
  const subject = identity().publicKey as Uint8Array<ArrayBuffer>
  return {
    name: 'mod-action',
    about: 'the moderation action inside an owned room\'s envelope, from gossip or sync (communities/mod-action.ts decodeModAction)',
    errors: ['InvalidModActionError'],
    arbitrary: () => mutated([
      ModAction.encode(modAction({ action: ModAction.Action.BAN, subject })),
      ModAction.encode(modAction({ action: ModAction.Action.MUTE, subject, until: BigInt(now + 60_000) })),
      ModAction.encode(modAction({ action: ModAction.Action.TOPIC, topic: 'rust', description: 'a room' })),
      ModAction.encode(modAction({ action: ModAction.Action.SLOW, seconds: 30 }))
    ]),
    run: (input) => { decodeModAction(input, now) }
  }
}

function directoryAnnouncement (): FuzzTarget {
  const owner = identity()
  const room = ownedRoomId('rust', owner.publicKey)
  const sealed = (payload: Uint8Array<ArrayBuffer>): Uint8Array => Envelope.encode({
    payload, signature: sign(owner, SIGNATURE_LABELS.directoryAnnouncement, payload) as Uint8Array<ArrayBuffer>, author: owner.publicKey as Uint8Array<ArrayBuffer>
  })
  const announcement = (fields: Partial<Announcement>): Uint8Array<ArrayBuffer> =>
    Announcement.encode({ room, sentAt: BigInt(Date.now()), topic: 'rust', description: 'the language', language: 'en', members: 3, lastActivity: 0n, nextEvent: 0n, ...fields })
  return {
    name: 'directory-announcement',
    about: 'a room announcement from the directory topic or a directory fetch (communities/directory.ts openAnnouncement)',
    errors: ['InvalidModActionError'],
    // Mutations of real signed announcements, and well-signed ones carrying any field values (past the signature check).
    arbitrary: () => fc.oneof(
      mutated([sealed(announcement({})), sealed(announcement({ topic: '', language: '' })), sealed(announcement({ unlisted: true }))], 4096),
      fc.record({ topic: fc.string({ maxLength: 300 }), language: fc.string({ maxLength: 40 }), sentAt: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), room: fc.oneof(fc.constant(room), fc.string({ maxLength: 90 })) })
        .map((fields) => sealed(announcement(fields)))
    ),
    run: (input) => { openAnnouncement(input) }
  }
}

function files (): FuzzTarget[] {
  const secret = newFileSecret()
  const chunks = [0, 1, 2].map((i) => sealChunk(secret, i, 3, Uint8Array.of(i, i, i)))
  const tree = chunkTree(chunks.map(leafHash))
  const ref = (fields: Partial<FileRef>): Uint8Array => FileRef.encode({ name: 'photo.jpg', type: 'image/jpeg', size: 9n, root: tree.root, key: secret.key, nonce: secret.nonce, thumbnail: new Uint8Array(40), caption: 'hi', ...fields })
  const reply = (index: number): Uint8Array => BlobReply.encode({ status: BlobReply.Status.OK, index, chunk: chunks[index], proof: tree.proof(index), count: 3 })
  const chunkFirst = (index: number): Uint8Array => encodeChunkReply({ status: BlobReply.Status.OK, index, chunk: chunks[index], proof: tree.proof(index), count: 3 }).subarray()
  return [{
    name: 'file-ref',
    about: 'the file reference of a FILE DM (files/file-ref.ts decodeFileRef), checked on receipt',
    errors: ['InvalidFileRefError'],
    arbitrary: () => mutated([ref({}), ref({ thumbnail: new Uint8Array(), caption: '' })]),
    run: (input) => { decodeFileRef(input, 1024 * 1024) }
  }, {
    name: 'blob-request',
    about: 'a /parley/blob/1.0.0 request from any peer (files/wire.ts decodeBlobRequest)',
    errors: ['InvalidBlobRequestError'],
    arbitrary: () => mutated([BlobRequest.encode({ root: tree.root, indexes: [0, 1, 2] }), BlobRequest.encode({ root: tree.root, indexes: [] })]),
    run: (input) => { decodeBlobRequest(input) }
  }, {
    name: 'blob-reply',
    about: 'a holder\'s reply to a chunk request (files/wire.ts openBlobReply), checked against the root',
    errors: ['InvalidBlobReplyError', 'BlobNotFoundError', 'BlobRateLimitedError', 'InvalidChunkProofError'],
    // Also as holders write them (the chunk field first: openBlobReply's path that keeps the chunk in pieces).
    arbitrary: () => mutated([reply(0), reply(1), reply(2), chunkFirst(1), chunkFirst(2)]),
    run: (input) => { openBlobReply(input, { root: tree.root, count: 3, index: 1 }) }
  }]
}

function privateRoomBody (): FuzzTarget {
  return {
    name: 'private-room-body',
    about: 'the opened payload of a private-room message: text, nick, nonce, file, mentions (private-rooms/body.ts openBody)',
    errors: ['InvalidPrivateMessageError', 'TextTooLongError', 'InvalidInputError', 'TooManyMentionsError', 'InvalidMentionError'],
    arbitrary: () => fc.oneof(
      mutated([encodeBody('hi @bob', 'alice', 1_700_000_000_000, undefined, [MENTIONED]), encodeBody('plain', 'carol', 1_700_000_000_000)]),
      fc.record({ text: fc.string({ maxLength: 40 }), nick: fc.string({ maxLength: 40 }), mentions: fc.array(fc.oneof(fc.constant(MENTIONED), fc.string({ maxLength: 70 })), { maxLength: 40 }) })
        .map((body) => PrivateRoomBody.encode(body))
    ),
    run: (input) => { openBody(input) }
  }
}

function storedPrivateMessage (): FuzzTarget {
  const author = identity().publicKey as Uint8Array<ArrayBuffer>
  const storedOf = (body: Uint8Array): Uint8Array => StoredPrivateMessage.encode({ author, body: PrivateRoomBody.decode(body), sealed: new Uint8Array(48) })
  return {
    name: 'stored-private-message',
    about: 'a private-room message read back from the history store (private-rooms/body.ts fromRecord)',
    errors: ['CorruptMessageError'],
    arbitrary: () => mutated([storedOf(encodeBody('hi @bob', 'alice', 1_700_000_000_000, undefined, [MENTIONED])), storedOf(encodeBody('a photo', 'carol', 1_700_000_000_000, sampleFileRef()))]),
    run: (input) => { fromRecord('ab'.repeat(32), { id: 'cd'.repeat(32), value: input }) }
  }
}

function callSignal (): FuzzTarget {
  const sdp = `v=0\r\na=fingerprint:sha-256 ${Array(32).fill('AB').join(':')}\r\n`
  const signal = (fields: Partial<CallSignal>): Uint8Array => CallSignal.encode({ callId: 'ab'.repeat(16), type: CallSignal.Type.OFFER, media: CallMedia.VIDEO, sdp: '', candidates: [], reason: '', ...fields })
  return {
    name: 'call-signal',
    about: 'the signal a CALL DM carries: offer, answer, candidates, hang-up, decline (calls/signal.ts decodeCallSignal)',
    errors: ['InvalidCallSignalError'],
    arbitrary: () => mutated([
      signal({ sdp }),
      signal({ type: CallSignal.Type.CANDIDATES, candidates: [{ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }] }),
      signal({ type: CallSignal.Type.DECLINE, reason: 'busy' })
    ]),
    run: (input) => { decodeCallSignal(input) }
  }
}

/** Every target, built once libsodium is ready (`await ready()` first). */
export function fuzzTargets (): FuzzTarget[] {
  return [roomEnvelope(), storedRoomMessage(), ...dmFrames(), prekeyBundle(), syncTable(), ...privateRoom(), ...stored(), safetyCode(), contactCard(), moderationAction(), directoryAnnouncement(), ...files(), privateRoomBody(), storedPrivateMessage(), callSignal()]
}
