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
  TextTooLongError: 'This message is too long to send.'
}

/** A user-facing sentence for `err`, prefixed with what was being done. */
export function errorText (err: unknown, doing: string): string {
  const name = err instanceof Error ? err.name : ''
  const sentence = SENTENCES[name]
  if (sentence != null) {
    return sentence
  }
  const detail = err instanceof Error ? err.message : String(err)
  return `${doing} failed: ${detail}`
}
