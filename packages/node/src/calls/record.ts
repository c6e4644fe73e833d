/**
 * A finished call in the contact's DM history: a stored DM of kind CALL whose `data` is a
 * CallRecord (pb/call.proto) and whose text is what the timeline shows. Written by each host for
 * itself (never sent), under an id derived from the call's (recordId), so a record is kept once.
 */
import { blake2b256, toHex } from '@parley/crypto'
import { dmConversation } from '../dm/constants.js'
import { toDirectMessage } from '../dm/dm-model.js'
import { DmPayload, StoredDm } from '../pb/dm.js'
import { CallRecord } from '../pb/call.js'
import { callText, mediaOf, type CallKind, type CallOutcome } from './signal.js'
import type { ProfileStore } from '../store/index.js'
import type { DirectMessage } from '../types.js'

const OUTCOME: Record<CallOutcome, CallRecord.Outcome> = {
  ended: CallRecord.Outcome.ENDED,
  missed: CallRecord.Outcome.MISSED,
  declined: CallRecord.Outcome.DECLINED,
  busy: CallRecord.Outcome.BUSY,
  unanswered: CallRecord.Outcome.UNANSWERED
}

/** The history id of a call's record: 64 hex digits, like every message id, derived from the call's id. */
export const recordId = (callId: string): string => toHex(blake2b256(new TextEncoder().encode(`parley/call-record ${callId}`)))

/** What is recorded of a call. */
export interface FinishedCall {
  id: string
  kind: CallKind
  outgoing: boolean
  startedAt: number
  outcome: CallOutcome
  durationMs: number
}

/** Appends the call's record to the contact's history; resolves with its view, or undefined when it was already there. */
export async function recordCall (store: ProfileStore, self: string, peer: string, nick: string, call: FinishedCall): Promise<DirectMessage | undefined> {
  const data = CallRecord.encode({ media: mediaOf(call.kind), outcome: OUTCOME[call.outcome], durationMs: BigInt(Math.round(call.durationMs)) })
  const text = callText({ kind: call.kind, outcome: call.outcome, durationMs: call.durationMs })
  const id = recordId(call.id)
  const payload: DmPayload = {
    id, kind: DmPayload.Kind.CALL, sentAt: BigInt(call.startedAt), nick, text, target: '', reaction: '', replyTo: '', data, mentions: []
  }
  const stored: StoredDm = {
    payload, from: call.outgoing ? self : peer, outgoing: call.outgoing, delivered: true, read: call.outgoing, deleted: false, reactions: [], editedAt: 0n, editedId: ''
  }
  const added = await store.history.append([{ conversation: dmConversation(peer), id, timestamp: call.startedAt, value: StoredDm.encode(stored) }])
  return added.length > 0 ? toDirectMessage(peer, stored) : undefined
}
