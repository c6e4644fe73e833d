import { BaseViewModel } from '../view-model/view-model.js'
import type { ArchiveBackend } from '../app/archive-backend.js'
import type { GapSnapshot, GapViewModel as GapVM } from '../views/gap-view.js'

/** The open conversation's gap markers: read when it opens, read again when lost messages come back. */
export class GapViewModel extends BaseViewModel<GapSnapshot> implements GapVM {
  private readonly archive: ArchiveBackend
  private readonly conversationId: string

  constructor (archive: ArchiveBackend, conversationId: string, room: boolean) {
    super({ gaps: [], room })
    this.archive = archive
    this.conversationId = conversationId
    this.onDispose(archive.onGapsChanged((id) => { if (id === conversationId) this.load() }))
    this.load()
  }

  private load (): void {
    this.archive.gaps(this.conversationId).then((gaps) => { this.update({ gaps }) }, (err: unknown) => {
      // Markers only ever explain history: a failure to read them leaves the timeline as it is.
      console.warn('reading gap markers', err)
    })
  }
}
