/**
 * `parley.json`: settings a long-running peer (a relay, a bootstrap peer) keeps in a file instead
 * of on its command line. Read from `--config <file>`, else from `<data-dir>/parley.json` when it
 * exists. Flags given on the command line win; `bootstrap` and `listen` from both are joined.
 *
 * ```json
 * { "nick": "relay", "port": 4001, "bootstrap": ["/dns4/relay.example.org/tcp/4001/p2p/12D3Koo…"], "maxReservations": 256, "mailbox": true }
 * ```
 */
import { readFileSync } from 'node:fs'
import { multiaddr } from '@multiformats/multiaddr'
import { named } from '../errors.js'

/** The file name looked for in the data directory. */
export const CONFIG_FILE = 'parley.json'

/** Largest config file read, in bytes. */
const MAX_CONFIG_BYTES = 64 * 1024

/** A config file that cannot be read, is not JSON, or holds an unknown key or a bad value. */
export class InvalidConfigError extends named('InvalidConfigError') {}

/** What a config file may set. */
export interface ParleyConfig {
  nick?: string
  port?: number
  listen?: string[]
  bootstrap?: string[]
  mdns?: boolean
  mailbox?: boolean
  maxReservations?: number
  syncWindowDays?: number
  /** The DHT serves LAN and loopback addresses too. */
  lanDht?: boolean
  /** Files from contacts are fetched on their own, up to autoDownloadMib (default 16). */
  autoDownloadContacts?: boolean
  autoDownloadMib?: number
}

type Check = (value: unknown) => boolean
const isPort: Check = (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535
const isAddrs: Check = (v) => Array.isArray(v) && v.length <= 64 && v.every((a) => {
  try { return typeof a === 'string' && multiaddr(a) !== undefined } catch { return false }
})
const CHECKS: Record<keyof ParleyConfig, [Check, string]> = {
  nick: [(v) => typeof v === 'string' && v.trim() !== '', 'a non-empty string'],
  port: [isPort, 'a port (0-65535)'],
  listen: [isAddrs, 'an array of multiaddrs'],
  bootstrap: [isAddrs, 'an array of multiaddrs'],
  mdns: [(v) => typeof v === 'boolean', 'true or false'],
  mailbox: [(v) => typeof v === 'boolean', 'true or false'],
  maxReservations: [(v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100_000, 'an integer 0-100000'],
  syncWindowDays: [(v) => typeof v === 'number' && v > 0 && v <= 3650, 'a number of days (up to 3650)'],
  lanDht: [(v) => typeof v === 'boolean', 'true or false'],
  autoDownloadContacts: [(v) => typeof v === 'boolean', 'true or false'],
  autoDownloadMib: [(v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1_048_576, 'an integer 0-1048576']
}

/**
 * Reads a config file. A missing file is `undefined` unless `required`.
 *
 * @throws InvalidConfigError naming the file and the key at fault
 */
export function readConfig (file: string, required: boolean): ParleyConfig | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new InvalidConfigError(`cannot read ${file}: ${(err as Error).message}`)
  }
  if (text.length > MAX_CONFIG_BYTES) throw new InvalidConfigError(`${file} is larger than ${MAX_CONFIG_BYTES} bytes`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new InvalidConfigError(`${file} is not JSON: ${(err as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidConfigError(`${file} must hold a JSON object`)
  for (const [key, value] of Object.entries(parsed)) {
    if (!Object.hasOwn(CHECKS, key)) throw new InvalidConfigError(`${file}: unknown key "${key}" (known: ${Object.keys(CHECKS).join(', ')})`)
    const [check, what] = CHECKS[key as keyof ParleyConfig]
    if (!check(value)) throw new InvalidConfigError(`${file}: "${key}" must be ${what}`)
  }
  return parsed
}
