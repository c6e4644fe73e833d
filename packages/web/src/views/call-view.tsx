/**
 * Calls: the "Call" and "Video call" buttons of a DM's header, and the call panel — an incoming
 * call ringing (Accept, Decline), a call ringing out, and a call in progress (the contact's video
 * large, ours small, the duration, Mute, Camera off, Hang up).
 */
import { useEffect, useRef } from 'preact/hooks'
import { Mic, MicOff, Phone, PhoneOff, Video, VideoOff } from 'lucide'
import { useViewModel } from '../view-model/use-view-model.js'
import { Icon } from './icon.js'
import { RemoteName } from './remote-text.js'
import type { CallInfo } from '../app/call-backend.js'
import type { ViewModel } from '../view-model/view-model.js'
import './call.css'

/** What the call panel shows. */
export interface CallSnapshot {
  call?: CallInfo
  /** Since the call was answered. */
  duration: string
  error?: string
}

/** What the call panel and the header's buttons ask for. */
export interface CallActions {
  call(conversationId: string, kind: 'audio' | 'video'): void
  accept(): void
  decline(): void
  hangup(): void
  toggleMute(): void
  toggleCamera(): void
  dismissError(): void
}

export type CallViewModelPort = ViewModel<CallSnapshot> & CallActions

/** The DM header's call buttons (disabled while a call is live). */
export function CallButtons ({ vm, conversationId }: { vm: CallViewModelPort, conversationId: string }): preact.JSX.Element {
  const s = useViewModel(vm)
  const busy = s.call !== undefined
  return (
    <>
      <button type='button' class='call-button' disabled={busy} onClick={() => { vm.call(conversationId, 'audio') }}><Icon icon={Phone} /> Call</button>
      <button type='button' class='call-button' disabled={busy} onClick={() => { vm.call(conversationId, 'video') }}><Icon icon={Video} /> Video call</button>
    </>
  )
}

/** A media element showing `stream`. */
function Media ({ stream, label, muted, className }: { stream: MediaStream | undefined, label: string, muted: boolean, className: string }): preact.JSX.Element {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const el = ref.current
    if (el != null && el.srcObject !== (stream ?? null)) el.srcObject = stream ?? null
  }, [stream])
  return <video ref={ref} class={className} aria-label={label} autoplay playsInline muted={muted} />
}

/** The call panel (nothing while no call is live). */
export function CallView ({ vm }: { vm: CallViewModelPort }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  const c = s.call
  if (c === undefined) {
    return s.error == null ? null : <p class='call-error error' role='alert'>{s.error} <button type='button' onClick={() => { vm.dismissError() }}>Dismiss</button></p>
  }
  const what = c.kind === 'video' ? 'video call' : 'call'
  if (c.direction === 'incoming' && c.phase === 'ringing') {
    return (
      <section class='call ringing' role='alertdialog' aria-label={`Incoming ${what}`}>
        <p><strong><RemoteName name={c.name} /></strong> is calling you ({what})</p>
        <span class='call-controls'>
          <button type='button' class='accept' onClick={() => { vm.accept() }}><Icon icon={Phone} /> Accept</button>
          <button type='button' class='decline' onClick={() => { vm.decline() }}><Icon icon={PhoneOff} /> Decline</button>
        </span>
      </section>
    )
  }
  const status = c.phase === 'ringing' ? 'Ringing…' : c.phase === 'connecting' ? 'Connecting…' : s.duration
  return (
    <section class={`call ${c.kind}`} role='region' aria-label={`Call with ${c.name}`}>
      <p class='call-status'><strong><RemoteName name={c.name} /></strong> <span role='timer' aria-label='Call duration'>{status}</span></p>
      <div class='call-media'>
        <Media stream={c.remote} label='Remote video' muted={false} className='remote-video' />
        <Media stream={c.local} label='Your video' muted className='own-video' />
      </div>
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      <span class='call-controls'>
        <button type='button' onClick={() => { vm.toggleMute() }}><Icon icon={c.muted ? MicOff : Mic} /> {c.muted ? 'Unmute' : 'Mute'}</button>
        {c.kind === 'video' && <button type='button' onClick={() => { vm.toggleCamera() }}><Icon icon={c.cameraOff ? VideoOff : Video} /> {c.cameraOff ? 'Camera on' : 'Camera off'}</button>}
        <button type='button' class='hangup' onClick={() => { vm.hangup() }}><Icon icon={PhoneOff} /> Hang up</button>
      </span>
    </section>
  )
}
