import { archiveErrorText } from '../app/archive-error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ArchiveBackend, Download, ExportFormat } from '../app/archive-backend.js'
import type { ExportSnapshot, ExportViewModel as ExportVM } from '../views/export-view.js'

/** "Export" in a conversation's menu: Markdown, self-contained HTML or JSON, downloaded. */
export class ExportViewModel extends BaseViewModel<ExportSnapshot> implements ExportVM {
  private readonly archive: ArchiveBackend
  private readonly conversationId: string
  private readonly save: (download: Download) => void

  constructor (archive: ArchiveBackend, conversationId: string, save: (download: Download) => void) {
    super({ open: false, busy: false })
    this.archive = archive
    this.conversationId = conversationId
    this.save = save
  }

  toggle (): void {
    this.update({ open: !this.getSnapshot().open, error: undefined, done: undefined })
  }

  export (format: ExportFormat): void {
    if (this.getSnapshot().busy) return
    this.update({ busy: true, error: undefined, done: undefined })
    this.archive.exportConversation(this.conversationId, format).then((download) => {
      this.save(download)
      this.update({ busy: false, open: false, done: `Exported to ${download.name}.` })
    }, (err: unknown) => {
      this.update({ busy: false, error: archiveErrorText(err, 'Exporting') })
    })
  }
}
