/** Query parameter that carries a bootstrap peer address in a shared link (`?peer=<multiaddr>`). */
export const PEER_PARAM = 'peer'

/**
 * File served next to the page by a `parley` peer, listing the addresses the page should dial
 * (`{ "peers": ["/ip4/…/ws/p2p/…"] }`). Absent when the static build is hosted elsewhere.
 */
export const SERVED_PEERS_FILE = 'parley-peers.json'

/** Longest multiaddr string accepted from a link or the user, in characters. */
export const MAX_PEER_ADDRESS_LENGTH = 1024

/** Most bootstrap addresses taken from one link, so a crafted link cannot make the tab dial hundreds of peers. */
export const MAX_BOOTSTRAP_PEERS = 16

/** First delay before redialling a bootstrap peer that went away, in ms. */
export const RECONNECT_INITIAL_DELAY = 500

/** Ceiling of the exponential redial backoff, in ms: a restarted peer is found again within this long. */
export const RECONNECT_MAX_DELAY = 5_000

/** How long one redial attempt may take before it is abandoned, in ms. */
export const RECONNECT_DIAL_TIMEOUT = 10_000

/** How long one attempt at a direct connection to a contact may take, in ms. */
export const DIRECT_DIAL_TIMEOUT = 10_000

/** Attempts per relay at a relay-signalled direct connection: a WebRTC dial occasionally stalls in ICE and a fresh attempt succeeds. */
export const DIRECT_DIAL_ATTEMPTS = 3

/** How often contacts with undelivered DMs are dialled again, in ms. */
export const REDIAL_CONTACTS_INTERVAL = 15_000
