import { archiveErrorText } from '../app/archive-error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { RestoreSnapshot, RestoreViewModel as RestoreVM } from '../views/restore-view.js'

/**
 * "Restore from backup" on the first screen: a file, its passphrase, then `restore` (which
 * opens the restored profile on success). A failure leaves the browser without a profile, as
 * before, and says why in plain words.
 */
export class RestoreViewModel extends BaseViewModel<RestoreSnapshot> implements RestoreVM {
  private file: Blob | undefined
  private readonly restore: (file: Blob, passphrase: string) => Promise<void>
  private readonly onCancel: () => void

  constructor (restore: (file: Blob, passphrase: string) => Promise<void>, onCancel: () => void, notice?: string) {
    super({ fileName: '', passphrase: '', busy: false, notice })
    this.restore = restore
    this.onCancel = onCancel
  }

  chooseFile (file: Blob | undefined, name: string): void {
    this.file = file
    this.update({ fileName: file === undefined ? '' : name, error: undefined })
  }

  setPassphrase (value: string): void {
    this.update({ passphrase: value, error: undefined })
  }

  cancel (): void {
    if (!this.getSnapshot().busy) this.onCancel()
  }

  submit (): void {
    const s = this.getSnapshot()
    if (s.busy) return
    if (this.file === undefined) {
      this.update({ error: 'Choose the backup file first.' })
      return
    }
    if (s.passphrase === '') {
      this.update({ error: 'Enter the backup\'s passphrase.' })
      return
    }
    this.update({ busy: true, error: undefined })
    this.restore(this.file, s.passphrase).then(() => {
      this.update({ busy: false, passphrase: '' })
    }, (err: unknown) => {
      this.update({ busy: false, error: archiveErrorText(err, 'Restoring') })
    })
  }
}
