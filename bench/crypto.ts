/**
 * crypto: a Double Ratchet session's encrypt+decrypt of 1 KiB against a bare
 * XChaCha20-Poly1305 seal+open of the same bytes, alternating in one run;
 * session start; safety number; key-store open.
 */
import {
  generateIdentity, generatePrekeys, initiateSession, openIdentity, ready, respondToSession, safetyNumber, sealIdentity
} from '@parley/crypto'
import sodium from 'libsodium-wrappers-sumo'
import { alternate, median, p99 } from './lib/stats.ts'
import type { Result } from './lib/report.ts'

function session (): { send: (m: Uint8Array) => Uint8Array, receive: (c: Uint8Array) => Uint8Array } {
  const alice = generateIdentity()
  const bob = generateIdentity()
  const secrets = generatePrekeys(bob, { oneTimeCount: 1 })
  const a = initiateSession(alice, secrets.bundle())
  const { session: b } = respondToSession(bob, secrets, a.encrypt(new Uint8Array(1)))
  a.decrypt(b.encrypt(new Uint8Array(1)))
  return { send: (m) => a.encrypt(m), receive: (c) => b.decrypt(c) }
}

function timeEach (runs: number, fn: () => void): number[] {
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    fn()
    out.push(performance.now() - start)
  }
  return out
}

/** Runs the crypto benchmark. */
export async function cryptoBench (quick: boolean): Promise<Result[]> {
  await ready()
  await sodium.ready
  const message = sodium.randombytes_buf(1024)
  const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen()
  const nonce = sodium.randombytes_buf(24)
  const s = session()
  const trials = quick ? 10 : 40
  const { a: ratchet, b: bare } = alternate(trials, quick ? 500 : 2000,
    () => { s.receive(s.send(message)) },
    () => { sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(message, null, null, nonce, key), null, nonce, key) })
  const ratio = median(ratchet) / median(bare)
  const start = timeEach(quick ? 50 : 200, () => { session() })
  const me = { id: new TextEncoder().encode('a'), publicKey: generateIdentity().publicKey }
  const you = { id: new TextEncoder().encode('b'), publicKey: generateIdentity().publicKey }
  const safety = timeEach(quick ? 5 : 20, () => { safetyNumber(me, you) })
  const sealed = sealIdentity(generateIdentity(), 'passphrase')
  const open = timeEach(quick ? 2 : 5, () => { openIdentity(sealed, 'passphrase') })
  return [
    {
      bench: 'crypto',
      name: 'ratchet encrypt+decrypt 1 KiB',
      unit: 'µs',
      parley: { median: median(ratchet), p99: p99(ratchet) },
      baseline: { name: 'bare XChaCha20-Poly1305 seal+open', median: median(bare), p99: p99(bare) },
      ratio,
      target: '≤ 3× baseline',
      met: ratio <= 3
    },
    { bench: 'crypto', name: 'session start (X3DH + first round trip)', unit: 'ms', parley: { median: median(start), p99: p99(start) }, target: 'reported', met: true },
    { bench: 'crypto', name: 'safety number (2 × 5200 SHA-512)', unit: 'ms', parley: { median: median(safety), p99: p99(safety) }, target: '≤ 100 ms', met: median(safety) <= 100 },
    { bench: 'crypto', name: 'key-store open (Argon2id 3 passes, 256 MiB)', unit: 'ms', parley: { median: median(open), p99: p99(open) }, target: 'reported', met: true }
  ]
}
