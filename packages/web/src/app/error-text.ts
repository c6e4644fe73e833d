/**
 * Turns a rejected promise from the peer into a sentence for the user. The peer's errors are
 * told apart by `err.name` (never by message text); names without a sentence here fall back to
 * the error's own message.
 */
const SENTENCES: Record<string, string> = {
  ProfileInUseError: 'Parley is already open in another tab of this browser. Use that tab, or close it and reload this one.',
  WrongPassphraseError: 'That passphrase does not open this profile. Try again.',
  InvalidRoomNameError: 'Room names use letters a–z, digits and . _ - only, at most 64 characters.',
  MessageTooLargeError: 'This message is too long to send.',
  NotConnectedError: 'Not connected to any peer yet: the message will go out once a peer is reachable.',
  InvalidPeerIdError: 'That is not a peer ID. A peer ID starts with 12D3KooW and is 52 characters long.',
  InvalidPeerAddressError: 'That is not a peer address. It looks like /ip4/192.0.2.1/tcp/4002/ws/p2p/12D3KooW…',
  NotAuthorError: 'Only the author can do that.',
  TextTooLongError: 'This message is too long to send.',
  InvalidAutoDownloadError: 'Give the largest file to download automatically as a whole number of MiB, no more than the largest file Parley accepts.',
  InvalidIceServersError: 'Give at most 4 servers, one per line: a stun:, turn: or turns: URL, then for TURN its username and password.',
  InvalidSearchError: 'Type a word to search for (at most 200 characters).',
  InvalidScannableError: 'That is not a safety-number code. Scan the code your contact\'s Verify dialog shows for your chat.',
  ScannableVersionMismatchError: 'That safety-number code comes from another version of Parley: compare the numbers by eye instead.',
  ScannedCodeTooLongError: 'That code holds far more than any Parley code, so it was not read.',
  InvalidContactCardError: 'That contact link is damaged or was not signed by the person it names. Ask your contact to share it again.',
  ContactCardTooLargeError: 'That is far longer than any contact link, so it was not read.',
  ExpiredContactCardError: 'That contact link has expired (or is dated in the future). Ask your contact to share a fresh one.',
  NotModeratorError: 'Only the owner and the moderators of this room can do that.',
  NotOwnerError: 'Only the owner of this room can do that (and nobody acts against the owner, nor a moderator against another).',
  NotOwnedRoomError: 'This room has no owner, so nobody moderates it: each person blocks for themselves.',
  BannedError: 'You are banned from this room: your messages reach no one.',
  MutedError: 'You are muted in this room for now.',
  SlowModeError: 'Slow mode is on in this room: wait a little before your next message.',
  RateLimitError: 'You are sending too fast for this room. Wait a few seconds.',
  NotPresentLongEnoughError: 'This room asks newcomers to read along for a while before posting.',
  ModerationLogFullError: 'This room\'s moderation log is full: no more actions can be taken.',
  ListingTooSoonError: 'This room was just listed or unlisted: the directory takes another change for it in a few minutes.',
  InvalidModActionError: 'That moderation request is not valid (a field is missing or too long).',
  UnknownMessageError: 'That message is not here (any more).',
  FileUnavailableError: 'Nobody who has this file is reachable right now. Try again later: what was fetched is kept.',
  BlobQuotaExceededError: 'The space for files in this browser is full of files you keep.',
  MicrophoneUnavailableError: 'Parley cannot use a microphone here: allow it in the browser\'s site settings, or check that one is connected.'
}

/** Why the camera could not be used (`CameraUnavailableError.problem`), in words. */
const CAMERA: Record<string, string> = {
  denied: 'Parley may not use the camera. Allow it in the browser\'s site settings, or paste the link / compare the numbers instead.',
  missing: 'No camera was found. Paste the link, or compare the numbers by eye instead.',
  unsupported: 'This browser cannot open the camera for this page (it needs https, or a page on this computer).'
}

/** A user-facing sentence for `err`, prefixed with what was being done. */
export function errorText (err: unknown, doing: string): string {
  const name = err instanceof Error ? err.name : ''
  const problem = name === 'CameraUnavailableError' ? (err as Error & { problem?: unknown }).problem : undefined
  const sentence = typeof problem === 'string' ? CAMERA[problem] : SENTENCES[name]
  if (sentence != null) {
    return sentence
  }
  const detail = err instanceof Error ? err.message : String(err)
  return `${doing} failed: ${detail}`
}
