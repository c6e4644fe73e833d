/** Hands a file to the user: the browser's download of a Blob (its object URL revoked once taken). */
import type { Download } from './archive-backend.js'

/** How long the object URL lives after the click: the browser has started the download by then. */
const REVOKE_AFTER_MS = 60_000

/** Starts the download of `download.blob` as `download.name`. */
export function saveDownload (download: Download): void {
  const url = URL.createObjectURL(download.blob)
  const a = document.createElement('a')
  a.href = url
  a.download = download.name
  a.rel = 'noopener'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => { URL.revokeObjectURL(url) }, REVOKE_AFTER_MS)
}
