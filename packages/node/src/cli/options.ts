/** Command-line flags of `parley`, parsed with commander. */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import { multiaddr } from '@multiformats/multiaddr'
import { Command, InvalidArgumentError, Option } from 'commander'
import { CONFIG_FILE, readConfig, type ParleyConfig } from './config.js'

/** Parsed options. */
export interface CliOptions {
  /** `run` (the peer), `repair` (`parley repair`: repair a damaged profile, then exit) or `passphrase` (set, change or remove it). */
  command: 'run' | 'repair' | 'passphrase'
  dataDir: string
  nick?: string
  listen: string[]
  bootstrap: string[]
  mdns: boolean
  passphraseFile?: string
  json: boolean
  headless: boolean
  port?: number
  webPort?: number
  web: boolean
  mailbox: boolean
  syncWindowDays?: number
  /** Most peers this peer holds a relay slot for. */
  maxReservations?: number
  /** The DHT serves LAN and loopback addresses too (a network on one LAN or machine). */
  lanDht: boolean
  /** Files: the largest file sent or fetched, the blob quota (both MiB), chunks served per peer per second. */
  maxFileMib?: number
  blobQuotaMib?: number
  serveRate?: number
  /** Auto-download for contacts (stored in the profile when given): on, and up to how many MiB. */
  autoDownloadContacts?: boolean
  autoDownloadMib?: number
  /** `parley passphrase`: where the new passphrase is (else PARLEY_NEW_PASSPHRASE), or remove it. */
  newPassphraseFile?: string
  removePassphrase?: boolean
  /** `parley passphrase`: the Argon2id cost of the new passphrase (libsodium's limits of that name; default moderate). */
  kdfCost?: 'interactive' | 'moderate' | 'sensitive'
}

/** Where profiles live by default: $XDG_DATA_HOME/parley or ~/.local/share/parley. */
export function defaultDataDir (): string {
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'parley')
}

function parseMultiaddr (value: string, previous: string[] = []): string[] {
  try {
    multiaddr(value)
  } catch {
    throw new InvalidArgumentError(`not a multiaddr: ${value}`)
  }
  return [...previous, value]
}

function parseDays (value: string): number {
  const days = Number(value)
  if (!Number.isFinite(days) || days <= 0 || days > 3650) throw new InvalidArgumentError(`not a number of days: ${value}`)
  return days
}

function parseCount (value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new InvalidArgumentError(`not a count (0-100000): ${value}`)
  return n
}

function parsePort (value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`not a port: ${value}`)
  return port
}

/** The commander program; exits with status 2 on bad flags. */
export function program (version: string): Command {
  const parley = new Command('parley')
    .description('Parley: an end-to-end encrypted peer-to-peer messenger')
    .version(version)
    .option('--data-dir <dir>', 'profile directory', defaultDataDir())
    .option('--nick <nick>', 'your nickname')
    .option('--listen <multiaddr>', 'listen address (repeatable)', parseMultiaddr)
    .option('--bootstrap <multiaddr>', 'peer to connect to at start (repeatable)', parseMultiaddr)
    .option('--no-mdns', 'do not discover peers on the LAN')
    .option('--passphrase-file <file>', 'read the profile passphrase from a file (or set PARLEY_PASSPHRASE)')
    .option('--json', 'machine interface: newline-delimited JSON on stdin/stdout')
    .option('--headless', 'run as a long-running relay/bootstrap peer that logs instead of prompting')
    .addOption(new Option('--port <port>', 'TCP port (WebSockets on port+1)').argParser(parsePort))
    .addOption(new Option('--web-port <port>', 'port of the local web app').argParser(parsePort))
    .option('--no-web', 'do not serve the web app')
    .option('--mailbox', 'hold DMs for offline contacts (default with --headless)')
    .addOption(new Option('--sync-window-days <days>', 'how far back a room history sync reaches (default 7)').argParser(parseDays))
    .addOption(new Option('--max-reservations <n>', 'most peers to hold a relay slot for (default 128)').argParser(parseCount))
    .option('--lan-dht', 'the DHT also serves LAN and loopback addresses (a Parley network on one LAN or machine)')
    .addOption(new Option('--max-file-mib <n>', 'largest file sent or fetched, in MiB (default 256)').argParser(parseCount))
    .addOption(new Option('--blob-quota-mib <n>', 'disk space for files, in MiB (default 2048)').argParser(parseCount))
    .addOption(new Option('--serve-rate <chunks>', 'file chunks (256 KiB) each peer may fetch from us per second (default 256)').argParser(parseCount))
    .option('--auto-download-contacts', 'fetch files from contacts as they arrive, up to --auto-download-mib (kept in the profile; off by default)')
    .addOption(new Option('--auto-download-mib <n>', 'largest file fetched on its own, in MiB (default 16)').argParser(parseCount))
    .option('--config <file>', `settings file (default <data-dir>/${CONFIG_FILE} when it exists); flags win over it`)
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2)
    })
    .enablePositionalOptions()
    .addHelpText('after', '\nBackups and exports (`parley <command> --help`):\n  backup --data-dir <dir> <file>\n  restore --data-dir <new dir> <file>\n  export --data-dir <dir> --conversation <peerId|room> --format md|html|json [--out <path>]')
    .action(() => {})
  parley.command('repair')
    .description('repair a damaged profile: copies it aside first, runs LevelDB\'s repair, checks the identity and every stored message')
    .option('--data-dir <dir>', 'profile directory', defaultDataDir())
    .option('--passphrase-file <file>', 'read the identity passphrase from a file (or set PARLEY_PASSPHRASE), to check that it opens')
    .option('--json', 'print the report as one JSON line')
    .action(() => {})
  parley.command('passphrase')
    .description('set, change or remove the profile\'s passphrase, re-encrypting the whole profile in place (a crash leaves it opening with the old or the new one)')
    .option('--data-dir <dir>', 'profile directory', defaultDataDir())
    .option('--passphrase-file <file>', 'read the current passphrase from a file (or set PARLEY_PASSPHRASE)')
    .option('--new-passphrase-file <file>', 'read the new passphrase from a file (or set PARLEY_NEW_PASSPHRASE)')
    .option('--remove', 'remove the passphrase: the profile is stored in clear')
    .addOption(new Option('--kdf-cost <cost>', 'how hard the new passphrase is to guess by brute force, and how slow to open: libsodium\'s Argon2id limits').choices(['interactive', 'moderate', 'sensitive']).default('moderate'))
    .option('--json', 'print the result as one JSON line')
    .action(() => {})
  return parley
}

/** Parses argv into options. */
export function parseOptions (argv: string[], version: string): CliOptions {
  const parsed = program(version).parse(argv)
  const repair = parsed.commands.find((c) => c.name() === 'repair')
  if (repair !== undefined && parsed.args[0] === 'repair') {
    const r = repair.opts<{ dataDir: string, passphraseFile?: string, json?: boolean }>()
    return { command: 'repair', dataDir: r.dataDir, passphraseFile: r.passphraseFile, json: r.json === true, listen: [], bootstrap: [], mdns: false, headless: false, web: false, mailbox: false, lanDht: false }
  }
  const passphrase = parsed.commands.find((c) => c.name() === 'passphrase')
  if (passphrase !== undefined && parsed.args[0] === 'passphrase') {
    const p = passphrase.opts<{ dataDir: string, passphraseFile?: string, newPassphraseFile?: string, remove?: boolean, json?: boolean, kdfCost: CliOptions['kdfCost'] }>()
    return {
      command: 'passphrase', dataDir: p.dataDir, passphraseFile: p.passphraseFile, newPassphraseFile: p.newPassphraseFile, removePassphrase: p.remove === true, kdfCost: p.kdfCost,
      json: p.json === true, listen: [], bootstrap: [], mdns: false, headless: false, web: false, mailbox: false, lanDht: false
    }
  }
  const opts = parsed.opts<{
    dataDir: string, nick?: string, listen?: string[], bootstrap?: string[], mdns: boolean, passphraseFile?: string, json?: boolean, headless?: boolean,
    port?: number, webPort?: number, web: boolean, mailbox?: boolean, syncWindowDays?: number, maxReservations?: number, config?: string, lanDht?: boolean,
    maxFileMib?: number, blobQuotaMib?: number, serveRate?: number, autoDownloadContacts?: boolean, autoDownloadMib?: number
  }>()
  const config = loadConfig(opts.config ?? join(opts.dataDir, CONFIG_FILE), opts.config !== undefined)
  const port = opts.port ?? config.port
  const listen = [...(config.listen ?? []), ...(opts.listen ?? [])]
  if (listen.length === 0) listen.push(...(port === undefined ? ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws'] : [`/ip4/0.0.0.0/tcp/${port}`, `/ip4/0.0.0.0/tcp/${port === 0 ? 0 : port + 1}/ws`]))
  return {
    command: 'run',
    dataDir: opts.dataDir,
    nick: opts.nick ?? config.nick,
    listen,
    bootstrap: [...new Set([...(config.bootstrap ?? []), ...(opts.bootstrap ?? [])])],
    mdns: parsed.getOptionValueSource('mdns') === 'cli' ? opts.mdns : config.mdns ?? opts.mdns,
    passphraseFile: opts.passphraseFile,
    json: opts.json === true,
    headless: opts.headless === true,
    port,
    webPort: opts.webPort,
    web: opts.web,
    mailbox: opts.mailbox === true || config.mailbox === true || opts.headless === true,
    syncWindowDays: opts.syncWindowDays ?? config.syncWindowDays,
    maxReservations: opts.maxReservations ?? config.maxReservations,
    lanDht: opts.lanDht === true || config.lanDht === true,
    maxFileMib: opts.maxFileMib,
    blobQuotaMib: opts.blobQuotaMib,
    serveRate: opts.serveRate,
    autoDownloadContacts: opts.autoDownloadContacts ?? config.autoDownloadContacts,
    autoDownloadMib: opts.autoDownloadMib ?? config.autoDownloadMib
  }
}

/** The config file's settings (none when it is absent and was not asked for); a bad file exits with status 2. */
function loadConfig (file: string, required: boolean): ParleyConfig {
  try {
    return readConfig(file, required) ?? {}
  } catch (err) {
    process.stderr.write(`parley: ${(err as Error).name}: ${(err as Error).message}\n`)
    process.exit(2)
  }
}

/** The passphrase from --passphrase-file or PARLEY_PASSPHRASE, if any. */
export async function readPassphrase (options: Pick<CliOptions, 'passphraseFile'>): Promise<string | undefined> {
  if (options.passphraseFile !== undefined) return (await readFile(options.passphraseFile, 'utf8')).replace(/\r?\n$/, '')
  return process.env.PARLEY_PASSPHRASE
}
