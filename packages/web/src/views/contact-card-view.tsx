import { ScanLine, Share2, UserPlus } from 'lucide'
import { useRef } from 'preact/hooks'
import { useModal } from './use-modal.js'
import type { RefObject } from 'preact'
import { Icon } from './icon.js'
import { QrCode } from './qr-code.js'
import { QrScannerView } from './qr-scanner-view.js'
import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** "Share my contact": this profile's card, once made. */
export interface ShareState {
  /** The `parley:` link (the QR code encodes it); absent while it is being made. */
  link?: string
  /** When the card expires, for people (e.g. "12 Dec 2026"). */
  expires?: string
  /** The link was just copied to the clipboard. */
  copied: boolean
  error?: string
}

/** "Add contact": a pasted link or address, or the camera scanning a code. */
export interface AddState {
  value: string
  busy: boolean
  scanning: boolean
  error?: string
}

/** What the contact-card dialogs show; each is open when present. */
export interface ContactCardSnapshot {
  share?: ShareState
  add?: AddState
}

/** What the contact-card dialogs can ask for. */
export interface ContactCardActions {
  openShare(): void
  closeShare(): void
  copyLink(): void
  openAdd(): void
  closeAdd(): void
  setValue(value: string): void
  /** Adds the contact from the pasted text. */
  submit(): void
  startScan(): void
  cancelScan(): void
  /** The camera read a code (hostile text): add the contact it names. */
  scanned(text: string): void
  scanFailed(error: Error): void
}

/** The contact-card dialogs' view model. */
export type ContactCardViewModel = ViewModel<ContactCardSnapshot> & ContactCardActions

/** A modal dialog titled `title`, closed by Escape; focus starts on `first` when given, else on its Close button. */
function Dialog ({ id, title, onClose, first, children }: {
  id: string
  title: string
  onClose: () => void
  first?: RefObject<HTMLElement | null>
  children: preact.ComponentChildren
}): preact.JSX.Element {
  const close = useRef<HTMLButtonElement>(null)
  const dialog = useRef<HTMLDivElement>(null)
  useModal(dialog, onClose, { first: first ?? close })
  return (
    <div class='backdrop'>
      <div class='dialog' role='dialog' aria-modal='true' aria-labelledby={id} ref={dialog}>
        <h2 id={id}>{title}</h2>
        {children}
        <div class='dialog-actions'>
          <button type='button' ref={close} onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  )
}

function ShareDialog ({ s, vm }: { s: ShareState, vm: ContactCardActions }): preact.JSX.Element {
  return (
    <Dialog id='share-title' title='Share my contact' onClose={() => { vm.closeShare() }}>
      <p>Someone who scans this code, or opens this link in Parley, can reach you: it carries your peer ID, your nickname and where you can be found now.</p>
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      {s.link == null
        ? s.error == null && <p aria-busy='true'>Making your card…</p>
        : (
          <>
            <QrCode text={s.link} label='Your contact code' />
            <input type='text' class='card-link' readOnly aria-label='Your contact link' value={s.link} onFocus={(e) => { e.currentTarget.select() }} />
            {s.expires != null && <p class='hint'>Valid until {s.expires}; share a new one after that.</p>}
            <div class='dialog-actions'>
              <button type='button' class='primary' onClick={() => { vm.copyLink() }}>Copy link</button>
              {s.copied && <span role='status'>Copied</span>}
            </div>
          </>
          )}
    </Dialog>
  )
}

function AddDialog ({ s, vm }: { s: AddState, vm: ContactCardActions }): preact.JSX.Element {
  const field = useRef<HTMLInputElement>(null)
  const submit = (e: Event): void => {
    e.preventDefault()
    vm.submit()
  }
  return (
    <Dialog id='add-title' title='Add contact' onClose={() => { vm.closeAdd() }} first={field}>
      <p>Paste the link your contact shared (or a peer address), or scan their code.</p>
      <form class='join' onSubmit={submit}>
        <input type='text' ref={field} aria-label='Contact link or address' placeholder='parley:… or /ip4/…/p2p/…' value={s.value}
          onInput={(e) => { vm.setValue(e.currentTarget.value) }} disabled={s.busy} />
        <button type='submit' disabled={s.busy || s.value.trim() === ''}>Add</button>
      </form>
      {s.scanning
        ? <QrScannerView label="Camera: point it at your contact's code" onCode={(text) => { vm.scanned(text) }}
            onError={(err) => { vm.scanFailed(err) }} onCancel={() => { vm.cancelScan() }} />
        : <button type='button' disabled={s.busy} onClick={() => { vm.startScan() }}><Icon icon={ScanLine} /> Scan a code</button>}
      {s.busy && <p aria-busy='true'>Adding…</p>}
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
    </Dialog>
  )
}

/** The "Share my contact" and "Add contact" buttons, and their dialogs. */
export function ContactCardView ({ vm }: { vm: ContactCardViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  return (
    <div class='contact-cards'>
      <button type='button' onClick={() => { vm.openShare() }}><Icon icon={Share2} /> Share my contact</button>
      <button type='button' onClick={() => { vm.openAdd() }}><Icon icon={UserPlus} /> Add contact</button>
      {s.share != null && <ShareDialog s={s.share} vm={vm} />}
      {s.add != null && <AddDialog s={s.add} vm={vm} />}
    </div>
  )
}
