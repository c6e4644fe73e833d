#!/usr/bin/env node
/**
 * `parley`: run a peer. `--json` speaks newline-delimited JSON on
 * stdin/stdout for scripts, bots and tests; without it the peer runs and logs
 * (the interactive terminal chat is a later issue).
 */
import { readFileSync } from 'node:fs'
import { createNodePeer, type NodePeer } from '../node/index.js'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ask } from './ask.js'
import { ARCHIVE_COMMANDS, runArchive } from './archive.js'
import { parseOptions, readPassphrase, type CliOptions } from './options.js'
import { EXIT, runRepair } from './repair.js'
import { exposedWarning, runPassphrase, tightenedWarning } from './passphrase.js'
import { Tui } from './tui.js'
import { runJson } from './json.js'
import { lineOut } from './line-out.js'
import { filesInit } from './json-files.js'
import { startWebServer, type WebServer } from './web-server.js'
import type { Peer } from '../peer.js'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

function fail (message: string, status = 1): never {
  process.stderr.write(`parley: ${message}\n`)
  process.exit(status)
}

/** The next step and exit status for each kind of error that stops parley. */
const NEXT: Record<string, { next: (dataDir: string) => string, status: number }> = {
  DataDirDamagedError: {
    next: (dir) => `run \`parley repair --data-dir ${dir}\` (it keeps a copy of the damaged files beside them), or restore the directory from a backup.`,
    status: EXIT.damaged
  },
  DataDirLockedError: { next: () => 'stop the other parley using it, or choose another profile with --data-dir.', status: EXIT.locked },
  // The identity file beside a clear profile names another identity (a database copied in from another profile, say).
  IdentityFileMismatchError: { next: (dir) => `remove ${join(dir, 'identity.key')} and start again: the profile's own identity is used and the file written anew.`, status: EXIT.damaged },
  PassphraseRequiredError: { next: () => 'give the profile\'s passphrase with PARLEY_PASSPHRASE or --passphrase-file.', status: EXIT.passphrase },
  WrongPassphraseError: { next: () => 'give the profile\'s passphrase with PARLEY_PASSPHRASE or --passphrase-file.', status: EXIT.passphrase }
}

/** Reports an error that stops parley: what is wrong, where, and what to do next, with a status per kind. */
function failWith (err: unknown, dataDir: string): never {
  const e = err as Error & { dataDir?: string }
  const what = `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`
  const known = Object.hasOwn(NEXT, e.name) ? NEXT[e.name] : undefined
  if (known === undefined) fail(what)
  fail(`${what}\nNext: ${known.next(e.dataDir ?? dataDir)}`, known.status)
}

/** Creates and starts the peer, asking for a nickname and passphrase at the terminal when needed. */
async function startPeer (options: CliOptions, interactive: boolean): Promise<Peer> {
  let passphrase = await readPassphrase(options)
  let nick = options.nick
  const firstRun = !existsSync(join(options.dataDir, 'db'))
  if (firstRun && interactive) {
    nick ??= (await ask('Welcome to Parley. Choose a nickname: ')) || undefined
    passphrase ??= (await ask('Passphrase to protect your key (empty for none): ', true)) || undefined
  }
  const open = async (): Promise<NodePeer> => createNodePeer({
    onTightened: (paths) => { process.stderr.write(tightenedWarning(options.dataDir, paths) + '\n') },
    dataDir: options.dataDir, nick, listen: options.listen, bootstrap: options.bootstrap, mdns: options.mdns, passphrase, allowLoopback: true, mailbox: options.mailbox, maxReservations: options.maxReservations, lanDht: options.lanDht, files: filesInit(options), syncWindowMs: options.syncWindowDays === undefined ? undefined : options.syncWindowDays * 86_400_000
  })
  let made: NodePeer
  try {
    made = await open()
  } catch (err) {
    if ((err as Error).name !== 'PassphraseRequiredError' || !interactive) throw err
    passphrase = await ask('Passphrase: ', true)
    made = await open()
  }
  if (made.unprotected) process.stderr.write(exposedWarning(options.dataDir) + '\n')
  // Scripts and logs hear of errors from the start on, a damaged contact skipped while loading included.
  if (!interactive) made.peer.addEventListener('error', (evt) => { process.stderr.write(`parley: ${evt.detail.error.name}: ${evt.detail.error.message}\n`) })
  await made.peer.start()
  return made.peer
}

/** The port of the web app when none is given. */
const DEFAULT_WEB_PORT = 7070

/**
 * Serves the web app: with --json only when --web-port is given; otherwise unless --no-web, on
 * --web-port or else DEFAULT_WEB_PORT (any free port when that one is taken).
 */
async function serveWeb (options: CliOptions, peer: Peer): Promise<WebServer | undefined> {
  if (!options.web || (options.json && options.webPort === undefined)) return undefined
  const addrs = (): string[] => peer.addrs()
  try {
    return await startWebServer({ port: options.webPort ?? DEFAULT_WEB_PORT, addrs })
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === 'EADDRINUSE' && options.webPort === undefined) return startWebServer({ port: 0, addrs })
    if (options.webPort !== undefined) throw err
    process.stderr.write(`parley: not serving the web app: ${e.message}\n`)
    return undefined
  }
}

async function main (): Promise<void> {
  // Whatever parley writes (LevelDB's files included) is for this user alone.
  process.umask(0o077)
  if ((ARCHIVE_COMMANDS as readonly string[]).includes(process.argv[2])) process.exit(await runArchive(process.argv))
  const options = parseOptions(process.argv, version)
  if (options.command === 'passphrase') {
    let status: number
    try {
      status = await runPassphrase({ ...options, remove: options.removePassphrase }, (line) => { process.stdout.write(line + '\n') }, (line) => { process.stderr.write(line + '\n') })
    } catch (err) {
      failWith(err, options.dataDir)
    }
    process.exit(status)
  }
  if (options.command === 'repair') {
    let status: number
    try {
      status = await runRepair(options, (line) => { process.stdout.write(line + '\n') })
    } catch (err) {
      failWith(err, options.dataDir)
    }
    process.exit(status)
  }
  const interactive = !options.json && !options.headless
  let peer: Peer
  try {
    peer = await startPeer(options, interactive)
  } catch (err) {
    failWith(err, options.dataDir)
  }
  let web: WebServer | undefined
  try {
    web = await serveWeb(options, peer)
  } catch (err) {
    const e = err as Error
    await peer.stop().catch(() => {})
    fail(`${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`)
  }
  const stop = async (): Promise<void> => {
    await web?.close().catch(() => {})
    await peer.stop().catch(() => {})
    process.exit(0)
  }
  process.once('SIGINT', () => { void stop() })
  process.once('SIGTERM', () => { void stop() })
  // Started by bin/parley.js with an IPC channel: when that process dies, so does this peer (cleanly).
  if (process.channel !== undefined) {
    process.channel.unref()
    process.once('disconnect', () => { void stop() })
  }
  if (options.json) {
    const out = lineOut(process.stdout)
    // process.exit (stop(), a fatal error) ends the process before the turn's lines would go.
    process.once('exit', out.flush)
    await runJson(peer, (obj) => { out.write(JSON.stringify(obj)) }, { web: web?.url })
    out.flush()
    await stop()
    return
  }
  process.stdout.write(`Parley peer ${peer.peerId} (${peer.nick})\nListening on:\n${peer.addrs().map((a) => `  ${a}`).join('\n')}\n`)
  if (web !== undefined) process.stdout.write(`Web app (chat in your browser, no server): ${web.url}\n`)
  if (options.headless) {
    await peer.rooms.join('lobby')
    peer.addEventListener('message', (evt) => {
      const m = evt.detail
      process.stdout.write(`[${new Date(m.sentAt).toLocaleTimeString()}] #${m.room} <${m.nick} ${m.fingerprint}> ${m.text}\n`)
    })
    process.stdout.write('Headless: joined #lobby, logging. Ctrl-C stops.\n')
    return
  }
  await new Tui(peer).start()
  await stop()
}

main().catch((err: Error) => { fail(err.message) })
