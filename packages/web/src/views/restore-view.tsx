import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the restore screen shows. */
export interface RestoreSnapshot {
  /** The chosen file's name, '' before one is chosen. */
  fileName: string
  passphrase: string
  busy: boolean
  error?: string
  /** Said above the form (e.g. why the profile had to be restored). */
  notice?: string
}

/** What the restore screen can ask for. */
export interface RestoreActions {
  chooseFile(file: Blob | undefined, name: string): void
  setPassphrase(value: string): void
  submit(): void
  cancel(): void
}

/** The restore screen's view model. */
export type RestoreViewModel = ViewModel<RestoreSnapshot> & RestoreActions

/** "Restore from backup": this tab becomes the backed-up profile (same peer ID, contacts, rooms, history). */
export function RestoreView ({ vm }: { vm: RestoreViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    vm.submit()
  }
  return (
    <main class='onboarding'>
      <form class='card' aria-label='Restore from backup' onSubmit={onSubmit} aria-busy={s.busy}>
        <h1>Restore from backup</h1>
        {s.notice != null && <p class='notice'>{s.notice}</p>}
        <p>Choose a backup made with "Back up" or <code>parley backup</code>. This browser becomes that profile: same peer ID, contacts, rooms and history. Your contacts are told your session was reset.</p>
        <label>
          Backup file
          <input type='file' name='backup-file' onChange={e => { const f = e.currentTarget.files?.[0]; vm.chooseFile(f, f?.name ?? '') }} />
        </label>
        <label>
          Backup passphrase
          <input type='password' name='backup-passphrase' autocomplete='current-password' value={s.passphrase} onInput={e => { vm.setPassphrase(e.currentTarget.value) }} />
        </label>
        {s.error != null && <p class='error' role='alert'>{s.error}</p>}
        <button type='submit' disabled={s.busy}>{s.busy ? 'Restoring…' : 'Restore'}</button>
        <button type='button' class='secondary' disabled={s.busy} onClick={() => { vm.cancel() }}>Back</button>
      </form>
    </main>
  )
}
