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

/**
 * Protocol of Parley's kad-dht (peer routing): its own network, apart from IPFS's Amino DHT. Node
 * peers serve it; browsers are its clients.
 */
export const DHT_PROTOCOL = '/parley/kad/1.0.0'

/** How long a peer-routing (kad-dht) lookup of a contact may take, in ms. */
export const PEER_ROUTING_TIMEOUT = 10_000

/** How long peer routing has alone before a circuit through a relay is tried too, in ms. */
export const RELAY_FALLBACK_DELAY_MS = 500

/** Most relays tried in turn for a circuit to a contact no other way reaches. */
export const MAX_RELAYS_TRIED = 4

/** How soon a failed upgrade of a relayed connection to direct is tried again, in ms. */
export const UPGRADE_RETRY_MS = 30_000

/** Most members of one private room dialled per round (net/member-reach.ts): gossip carries posts on from them. */
export const MEMBER_DIAL_FANOUT = 3

/** Most members of all private rooms together dialled per round. */
export const MAX_MEMBER_DIALS_PER_ROUND = 12

/** How often the members of private rooms that are not connected are dialled, in ms. */
export const MEMBER_REDIAL_INTERVAL_MS = 15_000

/** First wait before a member whose dial failed is dialled again, in ms (doubled after each failure). */
export const MEMBER_BACKOFF_MIN_MS = 15_000

/** Longest wait before a member whose dials keep failing is dialled again, in ms (10 min). */
export const MEMBER_BACKOFF_MAX_MS = 10 * 60 * 1000

/** Most members whose failed dials are remembered for the backoff. */
export const MAX_MEMBER_BACKOFFS = 4096

/** How long a post to a private room with no member subscribed waits for one it just reached, in ms. */
export const MEMBER_SUBSCRIBE_WAIT_MS = 5_000

/** Most addresses remembered per contact across restarts (net/address-book.ts). */
export const MAX_REMEMBERED_ADDRS = 8

/** How long a remembered address of a contact is kept after it was last seen or handed over, in ms (30 days). */
export const REMEMBERED_ADDR_TTL_MS = 30 * 24 * 3600 * 1000

/** Most contacts whose last upgrade attempt is remembered (one forgotten may be retried before UPGRADE_RETRY_MS). */
export const MAX_UPGRADES_TRACKED = 1024

/** How often contacts with undelivered DMs are dialled again, in ms. */
export const REDIAL_CONTACTS_INTERVAL = 15_000

/** What every contact card link starts with (net/contact-card.ts). */
export const CARD_LINK_PREFIX = 'parley:card/'

/** The contact card format version this code writes and reads. */
export const CARD_VERSION = 1

/** How long a card is valid by default, in ms: addresses change, so a card is a fresh snapshot (14 days). */
export const CARD_VALIDITY_MS = 14 * 24 * 3600 * 1000

/** Longest validity a card may claim, in ms (90 days). */
export const MAX_CARD_VALIDITY_MS = 90 * 24 * 3600 * 1000

/** How far in the future a card's issue time may lie (the issuer's clock may run ahead), in ms. */
export const CARD_CLOCK_SKEW_MS = 10 * 60 * 1000

/** Most addresses a card carries. */
export const MAX_CARD_ADDRS = 8

/** Longest binary multiaddr in a card, in bytes. */
export const MAX_CARD_ADDR_BYTES = 256

/**
 * Longest card link read, in characters: 8 addresses of 256 bytes, a key, a nick and a signature
 * in base64url stay below it, and a QR code (at most ~2900 bytes) can carry it.
 */
export const MAX_CARD_LINK_LENGTH = 2900

/** Most peers a Node peer holds a relay slot (reservation) for, by default (`--max-reservations`). */
export const DEFAULT_MAX_RESERVATIONS = 128

/** Most relay slots a peer reserves for itself (one per bootstrap peer up to this). */
export const MAX_RELAY_SLOTS = 2

/**
 * How long one relayed connection may stay open through a Parley relay, in ms: the dialler
 * upgrades to direct meanwhile, and dials through the relay again once it closes.
 */
export const RELAY_DURATION_LIMIT_MS = 10 * 60 * 1000

/** How many bytes one relayed connection may carry through a Parley relay (both ways together). */
export const RELAY_DATA_LIMIT = 4n * 1024n * 1024n

/** How often every connection is pinged (net/connection-watch.ts), in ms: libp2p's connection monitor's interval. */
export const CONNECTION_PING_INTERVAL_MS = 10_000

/**
 * How long a ping may go unanswered before its connection is taken for dead and aborted, in ms.
 * libp2p's monitor allowed 5 s, which a peer on a saturated machine overruns while its connection
 * is healthy: the room bench's workers stalled for up to 17 s at 30 peers and 36 s at 100 peers
 * (bench/README.md#room), and an answer needs both ends to run, so two such stalls add up; at
 * 60 s three healthy connections of the 100-peer room were still aborted. Twice the transport-
 * silence limit proposed for libp2p's monitor (60 s, js-libp2p PR #3504), because an unanswered
 * ping is a stricter test than silence: a busy connection can carry data while its ping waits.
 */
export const DEAD_CONNECTION_MS = 120_000

/** Bytes of one ping, echoed back by the peer (the ping protocol's 32). */
export const PING_BYTES = 32

/**
 * How long identify on a new connection may take (libp2p's default is 5 s). Gossipsub and every
 * other topology learn of a connection only from a completed identify, and a failed one is not
 * retried: a connection made while either side's event loop stalled past 5 s (a saturated machine,
 * see connection-watch.ts) stayed open but carried no room traffic and started no history sync.
 * Kept under DEAD_CONNECTION_MS; a stranger holds at most one such stream per connection.
 */
export const IDENTIFY_TIMEOUT_MS = 60_000

/**
 * Forgeries a peer may send us before it is cut off (net/forgers.ts): a room envelope whose
 * signature does not verify, or that names another room than its topic's. One is already proof (an
 * honest peer checks before it forwards); three leave room for a bug of ours without letting a
 * flood cost more than three Ed25519 verifications per identity.
 */
export const FORGERIES_BEFORE_CUTOFF = 3

/** How long a peer cut off for forgeries stays refused, both ways, in ms. */
export const FORGER_CUTOFF_MS = 60 * 60_000

/** Most peers with forgeries counted, and most peers cut off, remembered at once (the oldest forgotten first). */
export const MAX_FORGERS_TRACKED = 1024
