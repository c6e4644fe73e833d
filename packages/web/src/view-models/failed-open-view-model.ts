import { archiveErrorText } from '../app/archive-error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { Download, RecoveryBackend } from '../app/archive-backend.js'
import type { FailedOpenSnapshot, FailedOpenViewModel as FailedOpenVM } from '../views/failed-open-view.js'

/** What the app does after the user chose a way back. */
export interface FailedOpenActions {
  /** The profile is cleared (kept aside): show the restore screen. */
  restore: () => void
  /** The profile is cleared (kept aside): show the first screen. */
  startNew: () => void
  save: (download: Download) => void
}

/**
 * The page for a profile that does not open (damaged, evicted): says so, and offers to export
 * what can still be read, to restore from a backup, or to start a new profile (after an explicit
 * confirmation; the old records are kept aside in a database of their own).
 */
export class FailedOpenViewModel extends BaseViewModel<FailedOpenSnapshot> implements FailedOpenVM {
  private readonly recovery: RecoveryBackend
  private readonly actions: FailedOpenActions

  constructor (recovery: RecoveryBackend, err: unknown, actions: FailedOpenActions) {
    const detail = err instanceof Error ? err.message : String(err)
    super({ problem: archiveErrorText(err, 'Opening your profile'), detail, evicted: err instanceof Error && err.name === 'ProfileEvictedError', busy: false, confirming: false })
    this.recovery = recovery
    this.actions = actions
  }

  salvage (): void {
    if (this.getSnapshot().busy) return
    this.update({ busy: true, error: undefined, notice: undefined })
    this.recovery.salvage().then((download) => {
      this.actions.save(download)
      const failed = download.failed.length === 0 ? '' : ` ${download.failed.length} could not be read whole (what was readable of them is included).`
      this.update({ busy: false, notice: `Exported ${download.conversations} conversations to ${download.name}.${failed}` })
    }, (err: unknown) => {
      this.update({ busy: false, error: archiveErrorText(err, 'Exporting what can be read') })
    })
  }

  restore (): void {
    this.clear(() => { this.actions.restore() })
  }

  askStartOver (): void {
    this.update({ confirming: true, error: undefined })
  }

  cancelStartOver (): void {
    this.update({ confirming: false })
  }

  /** Only once asked again (askStartOver): a new profile is a new identity. */
  startOver (): void {
    if (!this.getSnapshot().confirming) return
    this.clear(() => { this.actions.startNew() })
  }

  /** Keeps the old records aside and clears the profile, then `next`. */
  private clear (next: () => void): void {
    if (this.getSnapshot().busy) return
    this.update({ busy: true, error: undefined, confirming: false })
    this.recovery.startOver().then(() => {
      this.update({ busy: false })
      next()
    }, (err: unknown) => {
      this.update({ busy: false, error: archiveErrorText(err, 'Clearing the profile') })
    })
  }
}
