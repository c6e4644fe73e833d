import { BadgeCheck } from 'lucide'
import { Icon } from './icon.js'
import { useEffect, useRef } from 'preact/hooks'
import { QrCode } from './qr-code.js'
import type { ConversationHeaderActions, VerificationState } from './conversation-header-types.js'

/** Comparing safety numbers with a contact (digits and a QR code), marking them verified, blocking. */
export function VerificationView ({ title, state, vm }: { title: string, state: VerificationState, vm: ConversationHeaderActions }): preact.JSX.Element {
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => { close.current?.focus() }, [])
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault()
      vm.closeVerification()
    }
  }
  return (
    <div class='backdrop'>
      <div class='dialog' role='dialog' aria-modal='true' aria-labelledby='verify-title' onKeyDown={onKeyDown}>
        <h2 id='verify-title'>Verify {title}</h2>
        <p>Compare these numbers with {title} in person or on a call, or scan the code. They are the same on both sides when nobody is in between.</p>
        <ol class='safety-number' aria-label='Safety number'>
          {state.groups.map((g, i) => <li key={i}>{g}</li>)}
        </ol>
        <QrCode text={state.qr} label={`Safety number code for ${title}`} />
        <div class='dialog-actions'>
          {state.verified
            ? <span class='verified' role='status'><Icon icon={BadgeCheck} /> verified</span>
            : <button type='button' class='primary' onClick={() => { vm.markVerified() }}>Mark as verified</button>}
          <button type='button' onClick={() => { vm.setBlocked(!state.blocked) }}>{state.blocked ? 'Unblock' : 'Block'}</button>
          <button type='button' ref={close} onClick={() => { vm.closeVerification() }}>Close</button>
        </div>
      </div>
    </div>
  )
}
