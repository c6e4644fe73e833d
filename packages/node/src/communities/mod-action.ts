/**
 * Moderation actions: what each carries and the checks every peer runs on one before it counts.
 * An action travels as a room envelope of kind MODERATION whose `moderation` field is an
 * encoded `ModAction` (pb/moderation.proto); the envelope's signature is the signer's.
 *
 * | action     | fields                                   |
 * | ---------- | ---------------------------------------- |
 * | ADD_MOD, BAN, UNBAN | subject (32-byte key) |
 * | REMOVE_MOD | subject; target: the moderator's last action that stands, or none |
 * | MUTE       | subject, until (0 or ≤ sentAt lifts it)   |
 * | REMOVE     | target (message id)                       |
 * | PIN        | target, or none to unpin                  |
 * | TOPIC      | topic, description                        |
 * | SLOW       | seconds (0: off)                          |
 * | RULES      | rules, seconds (present for; 0: none)     |
 * | EVENT      | title, start, seconds (duration), description; target: the event edited, or none |
 * | CANCEL_EVENT | target (the event)                      |
 *
 * Any action may carry `prev` (a moderator's previous action, or none): see mod-state.ts.
 * Anything else set is refused, like an envelope of the wrong shape, so one action has one meaning.
 */
import { ModAction } from '../pb/moderation.js'
import { MAX_DESCRIPTION_LENGTH, MAX_MUTE_MS, MAX_RULES_LENGTH, MAX_SLOW_SECONDS, MAX_TOPIC_LENGTH } from './constants.js'
import { InvalidModActionError } from './errors.js'

export { ModAction }

/** The names of the actions in `--json` and events. */
export const ACTION_NAMES: Record<ModAction.Action, string> = {
  [ModAction.Action.NONE]: 'none',
  [ModAction.Action.ADD_MOD]: 'add-mod',
  [ModAction.Action.REMOVE_MOD]: 'remove-mod',
  [ModAction.Action.BAN]: 'ban',
  [ModAction.Action.UNBAN]: 'unban',
  [ModAction.Action.MUTE]: 'mute',
  [ModAction.Action.REMOVE]: 'remove',
  [ModAction.Action.TOPIC]: 'topic',
  [ModAction.Action.PIN]: 'pin',
  [ModAction.Action.SLOW]: 'slow',
  [ModAction.Action.RULES]: 'rules',
  [ModAction.Action.EVENT]: 'event',
  [ModAction.Action.CANCEL_EVENT]: 'cancel-event'
}

const SUBJECT = new Set([ModAction.Action.ADD_MOD, ModAction.Action.REMOVE_MOD, ModAction.Action.BAN, ModAction.Action.UNBAN, ModAction.Action.MUTE])
const MESSAGE_ID = /^[0-9a-f]{64}$/
/** Largest encoded action: the longest texts at 4 UTF-8 bytes per character, plus the rest. */
const MAX_ACTION_BYTES = 4 * (2 * MAX_TOPIC_LENGTH + MAX_DESCRIPTION_LENGTH + MAX_RULES_LENGTH) + 256

/** Actions that concern a member (subject set). */
export const isSubjectAction = (action: ModAction.Action): boolean => SUBJECT.has(action)

/** Fills the defaults of an action. */
export function modAction (fields: Partial<ModAction> & { action: ModAction.Action }): ModAction {
  return { subject: new Uint8Array(), target: '', until: 0n, topic: '', description: '', seconds: 0, rules: '', title: '', start: 0n, prev: '', ...fields }
}

/**
 * Checks an action's shape and limits; `sentAt` bounds a mute's length. Throws
 * InvalidModActionError naming the check that failed.
 */
export function checkModAction (a: ModAction, sentAt: number): void {
  const fail = (reason: InvalidModActionError['reason'], what: string): never => { throw new InvalidModActionError(reason, `${ACTION_NAMES[a.action] ?? String(a.action)} ${what}`) }
  const { Action } = ModAction
  if (!Object.hasOwn(ACTION_NAMES, a.action) || a.action === Action.NONE) fail('action', 'is not an action')
  if (SUBJECT.has(a.action) ? a.subject.length !== 32 : a.subject.length !== 0) fail('subject', 'has a bad subject')
  const targeted = a.action === Action.REMOVE || a.action === Action.PIN || a.action === Action.EVENT || a.action === Action.CANCEL_EVENT || a.action === Action.REMOVE_MOD
  const optional = a.action === Action.PIN || a.action === Action.EVENT || a.action === Action.REMOVE_MOD
  if (targeted ? !(MESSAGE_ID.test(a.target) || (optional && a.target === '')) : a.target !== '') fail('target', 'has a bad target')
  if (a.prev !== '' && !MESSAGE_ID.test(a.prev)) fail('field', 'has a bad prev')
  const event = a.action === Action.EVENT
  if (event !== (a.title !== '') || event !== (a.start > 0n) || a.title.length > MAX_TOPIC_LENGTH) fail('field', 'has a bad title or start')
  if (a.action !== Action.MUTE ? a.until !== 0n : a.until > BigInt(sentAt + MAX_MUTE_MS)) fail('field', 'has a bad until')
  if (a.action !== Action.TOPIC && a.topic !== '') fail('field', 'carries a topic')
  if (a.action !== Action.TOPIC && a.action !== Action.EVENT && a.description !== '') fail('field', 'carries a description')
  if (a.action !== Action.RULES && a.rules !== '') fail('field', 'carries rules')
  if (a.action !== Action.SLOW && a.action !== Action.RULES && a.action !== Action.EVENT && a.seconds !== 0) fail('field', 'carries seconds')
  if (a.topic.length > MAX_TOPIC_LENGTH || a.description.length > MAX_DESCRIPTION_LENGTH || a.rules.length > MAX_RULES_LENGTH) fail('limit', 'has a text over its limit')
  if (a.seconds > MAX_SLOW_SECONDS * 7) fail('limit', `has more than ${MAX_SLOW_SECONDS * 7} seconds`)
  if (a.action !== Action.EVENT && a.seconds > MAX_SLOW_SECONDS) fail('limit', `has more than ${MAX_SLOW_SECONDS} seconds`)
}

/** Decodes and checks an action (InvalidModActionError for anything else). */
export function decodeModAction (bytes: Uint8Array, sentAt: number): ModAction {
  if (bytes.length > MAX_ACTION_BYTES) throw new InvalidModActionError('limit', `action of ${bytes.length} bytes exceeds ${MAX_ACTION_BYTES}`)
  let action: ModAction
  try {
    action = ModAction.decode(bytes)
  } catch {
    throw new InvalidModActionError('decode', 'not a moderation action')
  }
  checkModAction(action, sentAt)
  return action
}
