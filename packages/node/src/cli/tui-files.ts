/**
 * The terminal's file commands: `/send <path>` into the current DM, `/files` of the current
 * conversation, `/save <id> [path]`; each long one with a progress bar (cli-progress). File
 * names and types come from other peers: shown through display-text only.
 */
import { resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { displayName, displayText } from '../display-text.js'
import { fileSink, fileSource, freePath } from '../node/file-io.js'
import { sendFile } from '../files/send-file.js'
import { thumbnailOf } from '../node/thumbnail.js'
import type { FileInfo } from '../files/file-ref.js'
import type { Peer } from '../peer.js'

export const FILE_HELP: Array<[string, string]> = [
  ['/send <path>', 'send a file, image or voice note to the current conversation'],
  ['/files', 'files of the current conversation, with their ids'],
  ['/save <id> [path]', 'fetch a file, verified chunk by chunk, and save it (default: its name here)'],
  ['/keep <id>', 'keep a file in this profile: never evicted, and in backups (/unkeep <id> undoes it)'],
  ['/autodownload [on|off] [MiB]', 'fetch files from contacts as they arrive, up to a size (default 16 MiB); alone: the setting']
]

/** A size for people: 1.5 MiB, 12 KiB, 300 B. */
export function formatSize (bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`
  return `${bytes} B`
}

/** One line about a file: kind, name, type, size and the command that saves it. */
export function describeFile (file: FileInfo): string {
  const kind = file.type.startsWith('image/') ? 'image' : file.type.startsWith('audio/') ? 'voice note' : file.type.startsWith('video/') ? 'video' : 'file'
  return `[${kind}] ${displayName(file.name)} (${displayText(file.type)}, ${formatSize(file.size)})${file.caption === undefined ? '' : ` ${file.caption}`} — /save ${file.id.slice(0, 8)}`
}

function bar (out: NodeJS.WriteStream, label: string, total: number): cliProgress.SingleBar {
  const b = new cliProgress.SingleBar({ stream: out, format: `${label} [{bar}] {percentage}% {value}/{total} KiB`, hideCursor: false, clearOnComplete: true }, cliProgress.Presets.shades_classic)
  b.start(Math.ceil(total / 1024), 0)
  return b
}

/** A hint for a bad use of a file command. */
export class FileHint extends Error {}

/** Runs a file command in `conversation`; `print` writes a line above the prompt. */
export async function fileCommand (peer: Peer, out: NodeJS.WriteStream, conversation: string, cmd: string, args: string[], print: (line: string) => void): Promise<void> {
  if (cmd === '/files') {
    const files = await peer.files.list(conversation)
    if (files.length === 0) print('* no files here')
    for (const f of files) print(`  ${describeFile(f)}${f.complete ? ' (here)' : ''}`)
    return
  }
  if (cmd === '/send') {
    if (args[0] === undefined || args[0] === '') throw new FileHint('/send <path>')
    const source = await fileSource(args.join(' '))
    peer.files.checkSize(source.size)
    const progress = bar(out, `sending ${displayName(source.name)}`, source.size)
    try {
      const target = conversation.startsWith('dm:') ? { to: conversation.slice(3) } : conversation.startsWith('room:') ? { room: conversation.slice(5) } : { private: conversation.slice(8) }
      const thumbnail = await thumbnailOf(args.join(' '), source.type, (err) => { print(`* sending without a thumbnail (${err.name})`) })
      const file = await sendFile(peer, target, source, { thumbnail, onProgress: (bytes) => { progress.update(Math.ceil(bytes / 1024)) } })
      progress.stop()
      print(`* sent ${describeFile(file)}`)
    } finally {
      progress.stop()
    }
    return
  }
  if (cmd === '/keep' || cmd === '/unkeep') {
    if (args[0] === undefined || args[0] === '') throw new FileHint(`${cmd} <id>`)
    const kept = await peer.files.keep(args[0], cmd === '/keep')
    print(`* ${kept.kept ? 'kept' : 'no longer kept'}: ${describeFile(kept)}`)
    return
  }
  if (cmd === '/autodownload') {
    if (args[0] !== undefined && args[0] !== 'on' && args[0] !== 'off') throw new FileHint('/autodownload [on|off] [MiB]')
    const mib = args[1] === undefined ? undefined : Number(args[1])
    const s = await peer.files.autoDownload.set({ contacts: args[0] === undefined ? undefined : args[0] === 'on', maxBytes: mib === undefined ? undefined : mib * 1024 * 1024 })
    print(`* auto-download for contacts: ${s.contacts ? `on, files up to ${formatSize(s.maxBytes)}` : 'off'}`)
    return
  }
  if (args[0] === undefined || args[0] === '') throw new FileHint('/save <id> [path]')
  const file = (await peer.files.list()).find((f) => f.id.startsWith(args[0]))
  const path = args[1] !== undefined ? resolve(args[1]) : await freePath(process.cwd(), file?.name ?? args[0])
  const progress = bar(out, `saving ${displayName(file?.name ?? args[0])}`, file?.size ?? 0)
  const onProgress = (evt: CustomEvent<{ id: string, bytes: number }>): void => { if (evt.detail.id === file?.id) progress.update(Math.ceil(evt.detail.bytes / 1024)) }
  peer.addEventListener('file-progress', onProgress)
  try {
    await peer.files.save(args[0], await fileSink(path))
    progress.stop()
    print(`* saved to ${displayText(path)} (verified)`)
  } finally {
    progress.stop()
    peer.removeEventListener('file-progress', onProgress)
  }
}
