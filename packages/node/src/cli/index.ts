#!/usr/bin/env node
/**
 * `parley`: run a peer. `--json` speaks newline-delimited JSON on
 * stdin/stdout for scripts, bots and tests; without it the peer runs and logs
 * (the interactive terminal chat is a later issue).
 */
import { readFileSync } from 'node:fs'
import { createNodePeer } from '../node/index.js'
import { parseOptions, readPassphrase } from './options.js'
import { runJson } from './json.js'
import type { Peer } from '../peer.js'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }

function fail (message: string, status = 1): never {
  process.stderr.write(`parley: ${message}\n`)
  process.exit(status)
}

async function main (): Promise<void> {
  const options = parseOptions(process.argv, version)
  let peer: Peer
  try {
    const made = await createNodePeer({
      dataDir: options.dataDir,
      nick: options.nick,
      listen: options.listen,
      bootstrap: options.bootstrap,
      mdns: options.mdns,
      passphrase: await readPassphrase(options),
      allowLoopback: true
    })
    peer = made.peer
    if (made.unprotected && made.created) process.stderr.write('parley: warning: your identity key is stored without a passphrase (set PARLEY_PASSPHRASE or --passphrase-file to seal it)\n')
    await peer.start()
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
  peer.addEventListener('error', (evt) => { process.stderr.write(`parley: ${evt.detail.error.name}: ${evt.detail.error.message}\n`) })
  if (options.json) {
    await runJson(peer, (obj) => { process.stdout.write(JSON.stringify(obj) + '\n') })
    await stop()
    return
  }
  await peer.rooms.join('lobby')
  process.stdout.write(`Parley peer ${peer.peerId} (${peer.nick})\nListening on:\n${peer.addrs().map((a) => `  ${a}`).join('\n')}\nJoined #lobby. Press Ctrl-C to stop.\n`)
  peer.addEventListener('message', (evt) => {
    const m = evt.detail
    process.stdout.write(`[${new Date(m.sentAt).toLocaleTimeString()}] #${m.room} <${m.nick} ${m.fingerprint}> ${m.text}\n`)
  })
}

main().catch((err: Error) => { fail(err.message) })
