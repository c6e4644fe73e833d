/**
 * Helpers of the owned-room tests: a raw adversary member that signs room events itself (so it
 * can ignore every rule an honest client keeps), and waits on moderation events.
 */
import { sealEvent, RoomEvent } from '../../packages/node/src/envelope.js'
import { roomTopic } from '../../packages/node/src/constants.js'
import { ModAction } from '../../packages/node/src/pb/moderation.js'
import { modAction } from '../../packages/node/src/communities/mod-action.js'
import type { Adversary } from '../adversary/adversary.js'
import type { Json, ParleyProcess } from '../peer/harness.js'

/** Publishes a text signed by the adversary, dated `sentAt`; resolves with its id. */
export async function rawText (adv: Adversary, room: string, text: string, sentAt = Date.now()): Promise<string> {
  const v = sealEvent(adv.identity, { room, kind: RoomEvent.Kind.TEXT, text, nick: 'raw' }, sentAt)
  await adv.publish(roomTopic(room), v.bytes)
  return v.id
}

/** Publishes a moderation action signed by the adversary (valid in shape, whatever its role). */
export async function rawAction (adv: Adversary, room: string, fields: Partial<ModAction> & { action: ModAction.Action }, sentAt = Date.now()): Promise<string> {
  const v = sealEvent(adv.identity, { room, kind: RoomEvent.Kind.MODERATION, moderation: ModAction.encode(modAction(fields)) }, sentAt)
  await adv.publish(roomTopic(room), v.bytes)
  return v.id
}

/** Waits until `p` stored the moderation action `id`. */
export async function heard (p: ParleyProcess, id: string, what = `moderation ${id.slice(0, 8)}`): Promise<Json> {
  return p.waitFor((e) => e.event === 'moderation' && e.id === id, 30_000, what)
}

/** Texts `p` emitted as message events from `from`. */
export function textsFrom (p: ParleyProcess, from: string): string[] {
  return p.events.filter((e) => e.event === 'message' && e.from === from).map((e) => e.text as string)
}

/** Message ids in `p`'s history of `room`. */
export async function historyIds (p: ParleyProcess, room: string): Promise<string[]> {
  return ((await p.ok({ cmd: 'history', room, limit: 500 })).messages as Json[]).map((m) => m.id as string)
}
