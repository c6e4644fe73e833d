import { useContext, useEffect } from 'preact/hooks'
import { useViewModel } from '../view-model/use-view-model.js'
import { RemoteName } from './remote-text.js'
import { showName } from './show-text.js'
import './files.css'
import { FilesContext, type FileEntry, type FilesViewModel, type FileTransfer } from './file-types.js'

/** Own media up to this size opens inline at once: it is already here, nothing is downloaded. */
const AUTO_OPEN_MAX_BYTES = 16 * 1024 * 1024

/** A progress bar people and screen readers can follow. */
export function ProgressBar ({ label, percent }: { label: string, percent: number }): preact.JSX.Element {
  return (
    <div class='progress' role='progressbar' aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <span style={{ width: `${percent}%` }} />
    </div>
  )
}

/**
 * A message's file: images and videos inline (the thumbnail first, full size once fetched on
 * click), voice notes and audio in an audio player once fetched, anything else as a card (name,
 * type, size) with Download. Nothing is fetched until asked, except this profile's own media.
 */
export function FileView ({ file, own }: { file: FileEntry, own: boolean }): preact.JSX.Element {
  const vm = useContext(FilesContext)
  return vm == null ? <FileMeta file={file} /> : <FileWithActions vm={vm} file={file} own={own} />
}

function FileWithActions ({ vm, file, own }: { vm: FilesViewModel, file: FileEntry, own: boolean }): preact.JSX.Element {
  const s = useViewModel(vm)
  const t: FileTransfer | undefined = s.transfers[file.id]
  const name = showName(file.name)
  useEffect(() => {
    if (own && file.kind !== 'file' && file.bytes <= AUTO_OPEN_MAX_BYTES && t == null) vm.open(file)
  }, [own, file, vm])
  return (
    <figure class={`file ${file.kind}`}>
      {t?.url != null ? <Media file={file} url={t.url} /> : <Preview file={file} fetching={t != null && !t.done && t.error == null} onOpen={() => { vm.open(file) }} />}
      <figcaption>
        <FileMeta file={file} />
        <button type='button' aria-label={`Download ${name}`} onClick={() => { vm.download(file) }}>Download</button>
      </figcaption>
      {t != null && t.error == null && t.url == null && <ProgressBar label={`Fetching ${name}`} percent={t.percent} />}
      {t?.error != null && <p class='error' role='alert'>{t.error}</p>}
    </figure>
  )
}

/** Name, type and size. */
function FileMeta ({ file }: { file: FileEntry }): preact.JSX.Element {
  return (
    <span class='file-meta'>
      <strong class='file-name'><RemoteName name={file.name} /></strong>
      <span class='file-type'><RemoteName name={file.type === '' ? 'unknown type' : file.type} /></span>
      <span class='file-size'>{file.size}</span>
    </span>
  )
}

/** Fetched media, played or shown inline. */
function Media ({ file, url }: { file: FileEntry, url: string }): preact.JSX.Element {
  const name = showName(file.name)
  if (file.kind === 'image') return <img class='file-full' src={url} alt={name} />
  if (file.kind === 'video') return <video class='file-full' src={url} controls aria-label={name} />
  return <audio src={url} controls aria-label={name} />
}

/** Before fetching: the thumbnail (a button that opens the full size), or what there is to open. */
function Preview ({ file, fetching, onOpen }: { file: FileEntry, fetching: boolean, onOpen: () => void }): preact.JSX.Element | null {
  const name = showName(file.name)
  if (file.kind === 'file') return null
  const label = file.kind === 'audio' ? `Play ${name}` : `Show ${name}`
  return (
    <button type='button' class='file-open' aria-label={label} disabled={fetching} onClick={onOpen}>
      {file.thumbnail != null ? <img class='file-thumbnail' src={file.thumbnail} alt='' /> : <span>{file.kind === 'audio' ? 'Play' : 'Show'} {file.kind}</span>}
    </button>
  )
}
