/**
 * A name a person typed, resolved to a PeerId without letting anyone else choose the answer.
 * Nicknames are self-chosen (anyone can call themselves "bob"); petnames are the user's own. So:
 *
 * 1. the user's petnames first (a petname two contacts share is ambiguous);
 * 2. a PeerId as it is;
 * 3. a nickname only for a harmless use (`'message'`: writing to someone, switching to them), and
 *    only when exactly one known peer has it;
 * 4. never a nickname for a use that grants or records trust (`'trust'`: verify, invite, remove,
 *    block, add, accept a request): those take a petname or a PeerId.
 *
 * Every refusal is typed and carries the candidates with their fingerprints, to tell apart
 * people who chose the same nick.
 */
import { named } from './errors.js'
import { displayName } from './display-text.js'

/** What the name is for: `'trust'` accepts petnames and PeerIds only. */
export type NameUse = 'message' | 'trust'

/** A peer the name could mean, as shown in a refusal. */
export interface NameCandidate {
  peerId: string
  /** The short fingerprint of its key (`3f9a:07c2`). */
  fingerprint: string
  /** The user's petname for it, when it is a contact with one. */
  petname?: string
  /** Its self-chosen nick, when one was seen. */
  nick?: string
}

/** What the resolver knows: the user's contacts, the nicks seen, and how to check a PeerId. */
export interface NameDirectory {
  contacts: ReadonlyArray<{ peerId: string, petname: string }>
  /** Nicks seen, by PeerId (the latest one each peer used). */
  nicks: ReadonlyMap<string, string>
  /** The short fingerprint of a PeerId's key. */
  fingerprintOf: (peerId: string) => string
  /** Whether `name` is a valid PeerId of someone else. */
  isPeerId: (name: string) => boolean
}

/** Base of the refusals: `candidates` lists who the name might have meant. */
class NameRefusal extends named('NameRefusal') {
  readonly candidates: NameCandidate[]
  constructor (message: string, candidates: NameCandidate[]) {
    super(candidates.length === 0 ? message : `${message}: ${candidates.map(describe).join('; ')}`)
    this.candidates = candidates
  }
}

/** No petname, PeerId or (for a message) nick is `name`. */
export class UnknownNameError extends NameRefusal {
  static override name = 'UnknownNameError'
  constructor (message: string, candidates: NameCandidate[]) { super(message, candidates); this.name = 'UnknownNameError' }
}
/** More than one contact has the petname, or more than one known peer the nick. */
export class AmbiguousNameError extends NameRefusal {
  static override name = 'AmbiguousNameError'
  constructor (message: string, candidates: NameCandidate[]) { super(message, candidates); this.name = 'AmbiguousNameError' }
}
/** A nick given where only a petname or PeerId will do (verify, invite, remove, block, …). */
export class NicknameNotAcceptedError extends NameRefusal {
  static override name = 'NicknameNotAcceptedError'
  constructor (message: string, candidates: NameCandidate[]) { super(message, candidates); this.name = 'NicknameNotAcceptedError' }
}

/** At most this many candidates are listed in a refusal. */
export const MAX_NAME_CANDIDATES = 8

function describe (c: NameCandidate): string {
  const names = [c.petname !== undefined ? `petname ${displayName(c.petname)}` : '', c.nick !== undefined ? `nick ${displayName(c.nick)}` : ''].filter((x) => x !== '')
  return `${names.join(', ')} ${c.fingerprint} ${c.peerId}`.trim()
}

/** The PeerId `name` means for `use`, or a typed refusal listing the candidates. */
export function resolvePeerName (name: string, use: NameUse, dir: NameDirectory): string {
  if (typeof name !== 'string') throw new TypeError('name must be a string')
  if (use !== 'message' && use !== 'trust') throw new TypeError('use must be message or trust')
  const candidate = (peerId: string): NameCandidate => {
    const petname = dir.contacts.find((c) => c.peerId === peerId)?.petname
    const nick = dir.nicks.get(peerId)
    return { peerId, fingerprint: dir.fingerprintOf(peerId), ...(petname !== undefined && petname !== '' ? { petname } : {}), ...(nick !== undefined ? { nick } : {}) }
  }
  const listed = (ids: string[]): NameCandidate[] => ids.slice(0, MAX_NAME_CANDIDATES).map(candidate)
  if (name === '') throw new UnknownNameError('name someone: a petname or PeerId', [])

  const byPetname = dir.contacts.filter((c) => c.petname !== '' && c.petname === name).map((c) => c.peerId)
  if (byPetname.length === 1) return byPetname[0]
  if (byPetname.length > 1) throw new AmbiguousNameError(`${byPetname.length} contacts have the petname ${displayName(name)}: use the PeerId`, listed(byPetname))
  if (dir.isPeerId(name)) return name

  const byNick = [...dir.nicks].filter(([, nick]) => nick === name).map(([peerId]) => peerId)
  if (use === 'trust') {
    if (byNick.length > 0) throw new NicknameNotAcceptedError(`${displayName(name)} is a nickname anyone can take: use a petname or PeerId`, listed(byNick))
    throw new UnknownNameError(`no contact has the petname ${displayName(name)}, and it is not a PeerId`, listed(similar(name, dir)))
  }
  if (byNick.length === 1) return byNick[0]
  if (byNick.length > 1) throw new AmbiguousNameError(`${byNick.length} people call themselves ${displayName(name)}: use a petname or PeerId`, listed(byNick))
  throw new UnknownNameError(`nobody known is called ${displayName(name)}`, listed(similar(name, dir)))
}

/** PeerIds whose petname or nick starts with `name`, ignoring case: suggestions for an unknown name. */
function similar (name: string, dir: NameDirectory): string[] {
  const prefix = name.toLowerCase()
  const hits = new Set<string>()
  for (const c of dir.contacts) if (c.petname !== '' && c.petname.toLowerCase().startsWith(prefix)) hits.add(c.peerId)
  for (const [peerId, nick] of dir.nicks) if (nick.toLowerCase().startsWith(prefix)) hits.add(peerId)
  return [...hits]
}
