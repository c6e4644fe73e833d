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
import { parseOptions, readPassphrase, type CliOptions } from './options.js'
import { Tui } from './tui.js'
import { runJson } from './json.js'
import type { Peer } from '../peer.js'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

function fail (message: string, status = 1): never {
  process.stderr.write(`parley: ${message}\n`)
  process.exit(status)
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
    dataDir: options.dataDir, nick, listen: options.listen, bootstrap: options.bootstrap, mdns: options.mdns, passphrase, allowLoopback: true, mailbox: options.mailbox, syncWindowMs: options.syncWindowDays === undefined ? undefined : options.syncWindowDays * 86_400_000
  })
  let made: NodePeer
  try {
    made = await open()
  } catch (err) {
    if ((err as Error).name !== 'PassphraseRequiredError' || !interactive) throw err
    passphrase = await ask('Passphrase: ', true)
    made = await open()
  }
  if (made.unprotected && made.created) process.stderr.write('parley: warning: your identity key is stored without a passphrase (set PARLEY_PASSPHRASE or --passphrase-file to seal it)\n')
  await made.peer.start()
  return made.peer
}

async function main (): Promise<void> {
  const options = parseOptions(process.argv, version)
  const interactive = !options.json && !options.headless
  let peer: Peer
  try {
    peer = await startPeer(options, interactive)
  } catch (err) {
    const e = err as Error
    fail(`${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`)
  }
  const stop = async (): Promise<void> => {
    await peer.stop().catch(() => {})
    process.exit(0)
  }
  process.once('SIGINT', () => { void stop() })
  process.once('SIGTERM', () => { void stop() })
  if (options.json) {
    peer.addEventListener('error', (evt) => { process.stderr.write(`parley: ${evt.detail.error.name}: ${evt.detail.error.message}\n`) })
    await runJson(peer, (obj) => { process.stdout.write(JSON.stringify(obj) + '\n') })
    await stop()
    return
  }
  process.stdout.write(`Parley peer ${peer.peerId} (${peer.nick})\nListening on:\n${peer.addrs().map((a) => `  ${a}`).join('\n')}\n`)
  if (options.headless) {
    peer.addEventListener('error', (evt) => { process.stderr.write(`parley: ${evt.detail.error.name}: ${evt.detail.error.message}\n`) })
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
