import { BadgeCheck, ScanLine } from 'lucide'
import { Icon } from './icon.js'
import { useRef } from 'preact/hooks'
import { useModal } from './use-modal.js'
import { QrCode } from './qr-code.js'
import { QrScannerView } from './qr-scanner-view.js'
import type { ConversationHeaderActions, ScanOutcome, VerificationState } from './conversation-header-types.js'

/**
 * Comparing safety numbers with a contact: digits and a QR code to compare by eye, or scanning
 * the contact's code with the camera (a match marks them verified, a mismatch says so plainly);
 * marking them verified, blocking.
 */
export function VerificationView ({ title, state, vm }: { title: string, state: VerificationState, vm: ConversationHeaderActions }): preact.JSX.Element {
  const close = useRef<HTMLButtonElement>(null)
  const dialog = useRef<HTMLDivElement>(null)
  useModal(dialog, () => { vm.closeVerification() }, { first: close })
  return (
    <div class='backdrop'>
      <div class='dialog' role='dialog' aria-modal='true' aria-labelledby='verify-title' ref={dialog}>
        <h2 id='verify-title'>Verify {title}</h2>
        <p>Compare these numbers with {title} in person or on a call, or scan each other's code. They are the same on both sides when nobody is in between.</p>
        <ol class='safety-number' aria-label='Safety number'>
          {state.groups.map((g, i) => <li key={i}>{g}</li>)}
        </ol>
        {state.scanning
          ? <QrScannerView label={`Camera: point it at ${title}'s safety number code`} onCode={(text) => { vm.scanned(text) }}
              onError={(err) => { vm.scanFailed(err) }} onCancel={() => { vm.cancelScan() }} />
          : <QrCode text={state.qr} label={`Safety number code for ${title}`} />}
        {state.scan != null && <ScanResult scan={state.scan} />}
        <div class='dialog-actions'>
          {state.verified
            ? <span class='verified' role='status'><Icon icon={BadgeCheck} /> verified</span>
            : <button type='button' class='primary' onClick={() => { vm.markVerified() }}>Mark as verified</button>}
          {!state.scanning && <button type='button' onClick={() => { vm.startScan() }}><Icon icon={ScanLine} /> Scan their code</button>}
          <button type='button' onClick={() => { vm.setBlocked(!state.blocked) }}>{state.blocked ? 'Unblock' : 'Block'}</button>
          <button type='button' ref={close} onClick={() => { vm.closeVerification() }}>Close</button>
        </div>
      </div>
    </div>
  )
}

/** A match is good news (a status); a mismatch or a failure must not be missed (an alert). */
function ScanResult ({ scan }: { scan: ScanOutcome }): preact.JSX.Element {
  return scan.outcome === 'match'
    ? <p class='scan-result match' role='status'>{scan.message}</p>
    : <p class={`scan-result ${scan.outcome}`} role='alert'>{scan.message}</p>
}
