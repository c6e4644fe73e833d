/**
 * reach: the first DM to a contact never connected before, send → delivery receipt, including
 * finding the contact (the kad-dht on the relay both bootstrap from) and dialling it, against the
 * first DM to a contact already connected (the same session start over X3DH, the same stored and
 * receipted DM, no finding or dialling). On 127.0.0.1 the DHT holds no peer (it keeps public
 * addresses only), so the dialler skips the lookup: the contact is reached through the relay both
 * use at once, then directly. `parley --json` processes on 127.0.0.1: a relay B, a
 * sender A bootstrapped from it, and in each trial two fresh contacts, also bootstrapped from B
 * only; the sender dials one of them before the trial. Trials alternate which side goes first.
 */
import { withScope, type Scope } from './lib/scope.ts'
import { summary } from './lib/stats.ts'
import { now, type Json, type NdjsonProcess } from './lib/child.ts'
import { until } from './lib/time.ts'
import type { Result } from './lib/report.ts'

const TEXT = 'x'.repeat(1024)
const TARGET_RATIO = 2
const TARGET = `p50 ≤ ${TARGET_RATIO}× baseline p50`

interface Node { proc: NdjsonProcess, peerId: string, addr: string }

/**
 * A fresh peer bootstrapped from `relay` only, once it holds its slot on the relay (a contact
 * that has been online for a moment does; a process a few ms old may not yet, and a circuit to it
 * fails with NO_RESERVATION). Both sides of a trial use one, so they start alike.
 */
async function freshContact (scope: Scope, relay: Node, n: number): Promise<Node> {
  const contact = await scope.parley(await scope.dir(`reach-c${n}`), ['--nick', `c${n}`, '--bootstrap', relay.addr])
  const slotted = async (): Promise<boolean> => ((await contact.proc.ok({ cmd: 'whoami' })).addrs as string[]).some((a) => a.includes('/p2p-circuit'))
  if (!await until(slotted, 10_000)) throw new Error(`c${n} holds no relay slot after 10 s`)
  return contact
}

/** Delivery receipts the sender reported, by DM id, stamped as the harness read them. */
const receipts = new Map<string, number>()

/** Sends one DM from `sender` to `to`; resolves with the ms from the command's write to the delivery receipt. */
async function firstDm (sender: Node, to: Node): Promise<number> {
  const start = now()
  const reply = await sender.proc.ok({ cmd: 'dm', to: to.peerId, text: TEXT })
  const id = (reply.message as Json).id as string
  if (!await until(() => receipts.has(id), 60_000)) throw new Error(`no delivery receipt after 60 s; stderr: ${sender.proc.stderr.slice(-800)}`)
  return (receipts.get(id) as number) - start
}

/** Runs the reach benchmark. */
export async function reachBench (quick: boolean): Promise<Result[]> {
  return withScope(async (scope) => {
    const relay = await scope.parley(await scope.dir('reach-b'), ['--nick', 'relay'])
    const sender = await scope.parley(await scope.dir('reach-a'), ['--nick', 'a', '--bootstrap', relay.addr])
    sender.proc.onLine = (line: Json, at: number) => { if (line.event === 'dm-receipt' && line.status === 'delivered') receipts.set(line.id as string, at) }
    const never: number[] = []
    const connected: number[] = []
    const trials = quick ? 4 : 15
    let already = 0
    for (let t = 0; t < trials; t++) {
      const sides: Array<() => Promise<void>> = [
        async () => {
          const stranger = await freshContact(scope, relay, 2 * t)
          const peers = (await sender.proc.ok({ cmd: 'peers' })).peers as Array<{ peerId: string }>
          if (peers.some((x) => x.peerId === stranger.peerId)) already++
          never.push(await firstDm(sender, stranger))
          await stranger.proc.stop()
        },
        async () => {
          const neighbour = await freshContact(scope, relay, 2 * t + 1)
          await sender.proc.ok({ cmd: 'dial', addr: neighbour.addr })
          connected.push(await firstDm(sender, neighbour))
          await neighbour.proc.stop()
        }
      ]
      for (const side of t % 2 === 0 ? sides : sides.reverse()) await side()
    }
    const p = summary(never)
    const b = summary(connected)
    return [{
      bench: 'reach',
      name: `first DM to a contact never connected (looked up on the DHT, reached through the shared relay, upgraded): send → delivery receipt (${trials} trials${already > 0 ? `, ${already} already connected by DHT upkeep` : ''})`,
      unit: 'ms',
      parley: p,
      baseline: { name: 'first DM to a contact already connected', ...b },
      ratio: p.median / b.median,
      target: TARGET,
      met: p.median <= TARGET_RATIO * b.median,
      ...(p.median <= TARGET_RATIO * b.median ? {} : { limit: 'on 127.0.0.1 the DHT holds no peer (it keeps public addresses only), so the circuit through the relay starts at once; the relayed dial (two more Noise handshakes), then the DM stream and the X3DH prekey fetch side by side, then the DM, all over the circuit while both fresh processes also run identify, DCUtR and the upgrade to direct: each round trip over the relay took 35–95 ms against 5–10 ms direct (bench/README.md#reach-round-12)' })
    }]
  })
}
