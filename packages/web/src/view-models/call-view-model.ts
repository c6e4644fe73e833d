/**
 * The live call's view model: what the call panel and the DM header's call buttons show, the
 * ticking duration, and a notification for a call that rings while the tab is hidden.
 */
import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { CallsBackend } from '../app/call-backend.js'
import type { Notifier } from '../app/notifier.js'
import type { CallActions, CallSnapshot } from '../views/call-view.js'

/** m:ss, h:mm:ss from an hour. */
export function durationText (ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

export class CallViewModel extends BaseViewModel<CallSnapshot> implements CallActions {
  readonly #calls: CallsBackend
  readonly #notifier: Notifier | undefined
  readonly #open: (peerId: string) => void
  #tick: ReturnType<typeof setInterval> | undefined
  /** The call last notified, so one ringing call notifies once. */
  #notified = ''

  constructor (calls: CallsBackend, options: { notifier?: Notifier, open: (peerId: string) => void }) {
    super({ duration: '0:00' })
    this.#calls = calls
    this.#notifier = options.notifier
    this.#open = options.open
    this.onDispose(calls.subscribe(() => { this.#refresh() }))
    this.onDispose(() => { clearInterval(this.#tick) })
    this.#refresh()
  }

  #refresh (): void {
    const call = this.#calls.current()
    const answeredAt = call?.answeredAt
    if (answeredAt !== undefined && this.#tick === undefined) {
      this.#tick = setInterval(() => { this.update({ duration: durationText(Date.now() - answeredAt) }) }, 1000)
    }
    if (answeredAt === undefined) {
      clearInterval(this.#tick)
      this.#tick = undefined
    }
    const notifier = this.#notifier
    if (call?.direction === 'incoming' && call.phase === 'ringing' && this.#notified !== call.id && notifier?.hidden() === true) {
      this.#notified = call.id
      notifier.show(call.name, call.kind === 'video' ? 'Incoming video call' : 'Incoming call', () => { this.#open(call.peerId) })
    }
    this.update({ call, duration: durationText(answeredAt === undefined ? 0 : Date.now() - answeredAt), ...(call === undefined ? {} : { error: undefined }) })
  }

  #run (action: () => Promise<void>): void {
    action().catch((err: unknown) => { this.update({ error: errorText(err, 'Calling') }) })
  }

  call (conversationId: string, kind: 'audio' | 'video'): void {
    this.update({ error: undefined })
    this.#run(async () => { await this.#calls.start(conversationId, kind) })
  }

  accept (): void { this.#run(async () => { await this.#calls.accept() }) }
  decline (): void { this.#run(async () => { await this.#calls.decline() }) }
  hangup (): void { this.#run(async () => { await this.#calls.hangup() }) }
  toggleMute (): void { this.#run(async () => { await this.#calls.setMuted(this.getSnapshot().call?.muted !== true) }) }
  toggleCamera (): void { this.#run(async () => { await this.#calls.setCameraOff(this.getSnapshot().call?.cameraOff !== true) }) }
  dismissError (): void { this.update({ error: undefined }) }
}
