import fc from 'fast-check'
import { generateIdentity, ready, sign, SIGNATURE_LABELS } from '@parley/crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { openAnnouncement } from '../../src/communities/directory.js'
import type { InvalidModActionError } from '../../src/communities/errors.js'
import { ownedRoomId } from '../../src/communities/owned-room.js'
import { Announcement } from '../../src/pb/directory.js'
import { Envelope } from '../../src/pb/room.js'

const announcement = (fields: Partial<Announcement> & { room: string }): Uint8Array<ArrayBuffer> =>
  Announcement.encode({ sentAt: BigInt(Date.now()), topic: '', description: '', language: '', members: 0, lastActivity: 0n, nextEvent: 0n, ...fields })

describe('openAnnouncement', () => {
  beforeAll(async () => { await ready() })

  it('accepts its room owner\'s signed announcement and refuses anyone else\'s, a wrong label, and garbage, with InvalidModActionError', () => {
    const owner = generateIdentity()
    const room = ownedRoomId('rust', owner.publicKey)
    const seal = (who = owner, label: string = SIGNATURE_LABELS.directoryAnnouncement, payload = announcement({ room })): Uint8Array =>
      Envelope.encode({ payload, signature: sign(who, label as typeof SIGNATURE_LABELS.directoryAnnouncement, payload) as Uint8Array<ArrayBuffer>, author: who.publicKey as Uint8Array<ArrayBuffer> })
    expect(openAnnouncement(seal()).a.room).toBe(room)
    const name = (bytes: Uint8Array): string => { try { openAnnouncement(bytes); return 'ok' } catch (e) { return (e as Error).name } }
    expect(name(seal(generateIdentity()))).toBe('InvalidModActionError')
    expect(name(seal(owner, SIGNATURE_LABELS.roomMessage))).toBe('InvalidModActionError')
    // A signature that fails is its own reason: the validator counts it against the neighbour (net/forgers.ts).
    const reason = (bytes: Uint8Array): string | undefined => { try { openAnnouncement(bytes); return undefined } catch (e) { return (e as InvalidModActionError).reason } }
    expect(reason(seal(owner, SIGNATURE_LABELS.roomMessage))).toBe('signature')
    expect(reason(seal(generateIdentity()))).toBe('field')
    expect(name(seal(owner, undefined, announcement({ room: 'lobby' })))).toBe('InvalidModActionError')
    expect(name(seal(owner, undefined, announcement({ room, sentAt: BigInt(Date.now() + 3600_000) })))).toBe('InvalidModActionError')
    expect(name(seal(owner, undefined, announcement({ room, language: 'x'.repeat(100) })))).toBe('InvalidModActionError')
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => { expect(name(bytes)).toBe('InvalidModActionError') }))
  })
})
