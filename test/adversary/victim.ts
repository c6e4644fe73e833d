/**
 * The victim side of an attack test: a real Parley peer (`parley --json`, its
 * own process and LevelDB in a temp dir, so a frozen event loop shows as a
 * late `whoami` instead of freezing the test) and an honest peer that is its
 * contact and shares a room with it. {@link Lab.assertAlive} is what every
 * attack test checks during and after the attack.
 */
import { expect } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from '../peer/harness.js'

/** How fast the victim must answer `whoami`, under attack or not. */
export const ALIVE_WITHIN_MS = 1_000
export const ROOM = 'lobby'

export class Lab {
  readonly cluster = new Cluster()
  victim!: ParleyProcess
  honest!: ParleyProcess
  #canaries = 0

  /** Starts the victim (holding a mailbox) and the honest peer, contacts of each other, both in {@link ROOM}. */
  async start (): Promise<this> {
    this.victim = await this.cluster.start(undefined, ['--mailbox', '--nick', 'victim'])
    this.honest = await this.cluster.start(undefined, ['--bootstrap', this.victim.addr, '--nick', 'honest'])
    await this.victim.ok({ cmd: 'contact-add', peer: this.honest.peerId })
    await this.honest.ok({ cmd: 'contact-add', peer: this.victim.peerId })
    await Promise.all([this.victim.ok({ cmd: 'join', room: ROOM }), this.honest.ok({ cmd: 'join', room: ROOM })])
    // The first canary also proves the mesh formed before any attack.
    await this.canary()
    return this
  }

  /** The victim answers `whoami` within {@link ALIVE_WITHIN_MS}. */
  async whoami (): Promise<void> {
    const started = performance.now()
    const reply = await this.victim.send({ cmd: 'whoami' }, 10_000)
    const took = performance.now() - started
    expect(reply.ok, 'whoami answered').toBe(true)
    expect(took, 'whoami answered within a second').toBeLessThan(ALIVE_WITHIN_MS)
  }

  /** An honest room message and an honest DM, each sent once, both reach the victim. */
  async canary (): Promise<void> {
    const n = ++this.#canaries
    const sent = (await this.honest.ok({ cmd: 'send', room: ROOM, text: `canary ${n}` })).message as Json
    const dm = (await this.honest.ok({ cmd: 'dm', to: this.victim.peerId, text: `dm canary ${n}` })).message as Json
    await this.victim.waitFor((e) => e.event === 'message' && e.id === sent.id, 30_000, `room canary ${n}`)
    await this.victim.waitFor((e) => e.event === 'dm' && e.id === dm.id, 30_000, `DM canary ${n}`)
  }

  /**
   * The victim is alive and clean: it answers `whoami` within a second,
   * honest traffic sent after the attack arrives, and (now that the canary
   * is in) it has shown and stored nothing from `attacker`: no room message,
   * no DM, nothing held in its mailbox.
   */
  async assertAlive (attacker?: string): Promise<void> {
    await this.whoami()
    await this.canary()
    await this.whoami()
    if (attacker === undefined) return
    const shown = this.victim.events.filter((e) => e.peerId === attacker || e.from === attacker || e.peer === attacker)
      .filter((e) => e.event !== 'connect' && e.event !== 'disconnect')
    expect(shown, 'events from the attacker').toEqual([])
    const history = (await this.victim.ok({ cmd: 'history', room: ROOM, limit: 500 })).messages as Json[]
    expect(history.filter((m) => m.from !== this.honest.peerId && m.from !== this.victim.peerId), 'room history from others').toEqual([])
    expect((await this.victim.ok({ cmd: 'dm-history', peer: attacker })).messages, 'DMs from the attacker').toEqual([])
    expect((await this.victim.ok({ cmd: 'mailbox' })).held, 'mailbox items held').toEqual({})
  }

  /** Runs `attack` while polling `whoami` (each answer within a second); resolves with the attack's result. */
  async during<T> (attack: () => Promise<T>): Promise<T> {
    let done = false
    const watch = (async () => {
      while (!done) {
        await this.whoami()
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })()
    try {
      return await attack()
    } finally {
      done = true
      await watch
    }
  }

  async close (): Promise<void> {
    await this.cluster.close()
  }
}
