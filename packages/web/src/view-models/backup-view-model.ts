import { MIN_PASSPHRASE_LENGTH } from '../app/constants.js'
import { archiveErrorText } from '../app/archive-error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ArchiveBackend, Download } from '../app/archive-backend.js'
import type { BackupSnapshot, BackupViewModel as BackupVM } from '../views/backup-view.js'

/**
 * "Back up": asks for a passphrase (twice), writes the sealed backup of the running profile
 * and hands it to `save` (a download). The peer keeps running meanwhile.
 */
export class BackupViewModel extends BaseViewModel<BackupSnapshot> implements BackupVM {
  private readonly archive: ArchiveBackend
  private readonly save: (download: Download) => void

  constructor (archive: ArchiveBackend, save: (download: Download) => void) {
    super({ open: false, passphrase: '', confirm: '', busy: false })
    this.archive = archive
    this.save = save
  }

  toggle (): void {
    this.update({ open: !this.getSnapshot().open, error: undefined, done: undefined, passphrase: '', confirm: '' })
  }

  setPassphrase (value: string): void {
    this.update({ passphrase: value, error: undefined })
  }

  setConfirm (value: string): void {
    this.update({ confirm: value, error: undefined })
  }

  exportAll (format: 'md' | 'json'): void {
    if (this.getSnapshot().busy) return
    this.update({ busy: true, error: undefined, done: undefined })
    this.archive.exportAll(format).then((download) => {
      this.save(download)
      this.update({ busy: false, done: `Exported every conversation to ${download.name}.` })
    }, (err: unknown) => {
      this.update({ busy: false, error: archiveErrorText(err, 'Exporting') })
    })
  }

  submit (): void {
    const s = this.getSnapshot()
    if (s.busy) return
    if ([...s.passphrase].length < MIN_PASSPHRASE_LENGTH) {
      this.update({ error: `A backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` })
      return
    }
    if (s.passphrase !== s.confirm) {
      this.update({ error: 'The two passphrases differ.' })
      return
    }
    this.update({ busy: true, error: undefined, done: undefined })
    this.archive.backup(s.passphrase).then((download) => {
      this.save(download)
      this.update({ busy: false, passphrase: '', confirm: '', done: `Backed up ${download.messages} messages to ${download.name}. Keep it and its passphrase safe: together they are your whole profile.` })
    }, (err: unknown) => {
      this.update({ busy: false, error: archiveErrorText(err, 'Backing up') })
    })
  }
}
