import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../../src/cli/config.js'
import { parseOptions } from '../../src/cli/options.js'

const RELAY = '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'
const OTHER = '/ip4/127.0.0.1/tcp/4002/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'
let dir: string

const argv = (...args: string[]): string[] => ['node', 'parley', '--data-dir', dir, ...args]
const nameOf = (fn: () => unknown): string | undefined => {
  try { fn() } catch (err) { return (err as Error).name }
  return undefined
}

describe('parley.json and the relay flags', () => {
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-config-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('runs a relay on fixed ports with a reservation limit', () => {
    const options = parseOptions(argv('--headless', '--port', '4001', '--max-reservations', '500'), '0')
    expect(options.listen).toEqual(['/ip4/0.0.0.0/tcp/4001', '/ip4/0.0.0.0/tcp/4002/ws'])
    expect(options.maxReservations).toBe(500)
    expect(options.mailbox).toBe(true)
    expect(options.lanDht).toBe(false)
    expect(parseOptions(argv('--headless', '--lan-dht'), '0').lanDht).toBe(true)
  })

  it('reads <data-dir>/parley.json when present, flags winning and bootstrap lists joined', async () => {
    await writeFile(join(dir, 'parley.json'), JSON.stringify({ nick: 'relay', port: 5000, bootstrap: [RELAY], maxReservations: 64, mdns: false, lanDht: true }))
    const fromFile = parseOptions(argv(), '0')
    expect(fromFile).toMatchObject({ nick: 'relay', port: 5000, bootstrap: [RELAY], maxReservations: 64, mdns: false, lanDht: true })
    expect(fromFile.listen[0]).toBe('/ip4/0.0.0.0/tcp/5000')
    const flags = parseOptions(argv('--nick', 'n', '--port', '6000', '--bootstrap', OTHER, '--bootstrap', RELAY), '0')
    expect(flags).toMatchObject({ nick: 'n', port: 6000, bootstrap: [RELAY, OTHER], maxReservations: 64 })
    await rm(join(dir, 'parley.json'))
  })

  it('refuses unknown keys, bad values and non-JSON with InvalidConfigError', async () => {
    const file = join(dir, 'bad.json')
    for (const body of ['{"bootstrap": ["not a multiaddr"]}', '{"port": 70000}', '{"relay": true}', '[1]', 'nope', '{"maxReservations": -1}', '{"lanDht": "yes"}']) {
      await writeFile(file, body)
      expect(nameOf(() => readConfig(file, true))).toBe('InvalidConfigError')
    }
    expect(nameOf(() => readConfig(join(dir, 'missing.json'), true))).toBe('InvalidConfigError')
    expect(readConfig(join(dir, 'missing.json'), false)).toBeUndefined()
  })
})
