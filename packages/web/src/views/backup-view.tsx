import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the "Back up" panel shows. */
export interface BackupSnapshot {
  open: boolean
  passphrase: string
  confirm: string
  busy: boolean
  error?: string
  /** Said once the backup was written and handed over as a download. */
  done?: string
}

/** What the "Back up" panel can ask for. */
export interface BackupActions {
  toggle(): void
  setPassphrase(value: string): void
  setConfirm(value: string): void
  submit(): void
  /** Every conversation in one file, to read outside the app. */
  exportAll(format: 'md' | 'json'): void
}

/** The "Back up" panel's view model. */
export type BackupViewModel = ViewModel<BackupSnapshot> & BackupActions

/** "Back up": one sealed file with the identity, contacts, rooms and the whole history. */
export function BackupView ({ vm }: { vm: BackupViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    vm.submit()
  }
  return (
    <div class='backup'>
      <button type='button' aria-expanded={s.open} onClick={() => { vm.toggle() }}>Back up</button>
      {s.open && (
        <form class='panel' aria-label='Back up' aria-busy={s.busy} onSubmit={onSubmit}>
          <p>Writes one file with your identity, contacts, rooms and whole history, sealed under a passphrase. Restore it in a browser or with <code>parley restore</code>.</p>
          <label>
            Backup passphrase
            <input type='password' name='backup-passphrase' autocomplete='new-password' value={s.passphrase} onInput={e => { vm.setPassphrase(e.currentTarget.value) }} />
          </label>
          <label>
            Repeat backup passphrase
            <input type='password' name='backup-confirm' autocomplete='new-password' value={s.confirm} onInput={e => { vm.setConfirm(e.currentTarget.value) }} />
          </label>
          <button type='submit' disabled={s.busy}>{s.busy ? 'Backing up…' : 'Download backup'}</button>
          <p>Or export every conversation, to read outside the app (not a backup: it cannot be restored):</p>
          <span class='export-all'>
            <button type='button' disabled={s.busy} onClick={() => { vm.exportAll('md') }}>Export all (Markdown)</button>
            <button type='button' disabled={s.busy} onClick={() => { vm.exportAll('json') }}>Export all (JSON)</button>
          </span>
        </form>
      )}
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      {s.done != null && <p class='notice' role='status'>{s.done}</p>}
    </div>
  )
}
