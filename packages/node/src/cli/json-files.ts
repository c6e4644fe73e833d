/**
 * The `--json` file commands: `send-file`, `save-file` and `files`.
 *
 * - `{"cmd":"send-file","to":<peerId>|"room":<name>|"private":<room id>,"path":…,"caption"?}` → `{"file":{"id","name","size","root",…}}`
 * - `{"cmd":"save-file","file":<file id or prefix>,"path"?:…}` → `{"file":…,"path":…}`, once the
 *   file is complete, verified and written (without "path": the file's name in the current directory,
 *   numbered when taken: a sender's name never overwrites a file)
 * - `{"cmd":"files","conversation"?:…}` → `{"files":[…]}`
 * - `{"cmd":"auto-download","contacts"?:true|false,"maxMib"?:n}` → `{"autoDownload":{"contacts","maxMib"}}`:
 *   files from contacts fetched on their own as they arrive, up to maxMib (kept in the profile; no
 *   fields: the current setting)
 * - `{"cmd":"keep-file","file":<file id or prefix>,"kept"?:true|false}` → `{"file":…}`: a kept file is
 *   never evicted and goes into backups with its contents (files we sent are kept already).
 *
 * Both long commands run beside the others (see LONG_COMMANDS): a 20 MiB save does not hold up a
 * DM sent meanwhile. Progress comes as `file-progress` events.
 */
import { resolve } from 'node:path'
import { fileSink, fileSource, freePath } from '../node/file-io.js'
import { sendFile } from '../files/send-file.js'
import { InvalidAutoDownloadError } from '../files/errors.js'
import { thumbnailOf } from '../node/thumbnail.js'
import type { FilesInit, FileView } from '../files/files.js'
import type { CliOptions } from './options.js'
import type { Peer } from '../peer.js'

type Json = Record<string, unknown>

/** Commands whose reply may take long: the JSON loop does not wait for them before reading the next line. */
export const LONG_COMMANDS: ReadonlySet<string> = new Set(['send-file', 'save-file'])

/** A file as a reply names it: its view and its root (the id). */
const fileJson = (file: FileView): Json => ({ ...file, root: file.id })

/** The file handlers; `str`/`optStr`/`optBool` are json.ts's argument readers (BadCommandError). */
export function fileHandlers (str: (cmd: Json, key: string) => string, optStr: (cmd: Json, key: string) => string | undefined, optBool: (cmd: Json, key: string) => boolean | undefined): Record<string, (peer: Peer, cmd: Json) => Promise<Json>> {
  return {
    'send-file': async (peer, cmd) => {
      const source = await fileSource(str(cmd, 'path'))
      const to = optStr(cmd, 'to')
      const room = optStr(cmd, 'room')
      const target = to !== undefined ? { to } : room !== undefined ? { room } : { private: str(cmd, 'private') }
      const thumbnail = await thumbnailOf(str(cmd, 'path'), source.type)
      const file = await sendFile(peer, target, source, { caption: optStr(cmd, 'caption'), thumbnail })
      return { file: fileJson(file) }
    },
    'save-file': async (peer, cmd) => {
      const id = str(cmd, 'file')
      const known = (await peer.files.list()).find((f) => f.id.startsWith(id))
      const given = optStr(cmd, 'path')
      const path = given !== undefined ? resolve(given) : await freePath(process.cwd(), known?.name ?? id)
      const file = await peer.files.save(id, await fileSink(path))
      return { file: fileJson(file), path }
    },
    files: async (peer, cmd) => ({ files: (await peer.files.list(optStr(cmd, 'conversation'))).map(fileJson) }),
    'keep-file': async (peer, cmd) => ({ file: fileJson(await peer.files.keep(str(cmd, 'file'), optBool(cmd, 'kept') ?? true)) }),
    'auto-download': async (peer, cmd) => {
      const maxMib = cmd.maxMib
      if (maxMib !== undefined && typeof maxMib !== 'number') throw new InvalidAutoDownloadError('maxMib must be a number')
      const settings = await peer.files.autoDownload.set({ contacts: optBool(cmd, 'contacts'), maxBytes: maxMib === undefined ? undefined : maxMib * 1024 * 1024 })
      return { autoDownload: { contacts: settings.contacts, maxMib: settings.maxBytes / (1024 * 1024) } }
    }
  }
}

/** The files settings of the command-line flags (--max-file-mib, --blob-quota-mib, --serve-rate, --auto-download-*). */
export function filesInit (options: Pick<CliOptions, 'maxFileMib' | 'blobQuotaMib' | 'serveRate' | 'autoDownloadContacts' | 'autoDownloadMib'>): FilesInit {
  const mib = (n: number | undefined): number | undefined => (n === undefined ? undefined : n * 1024 * 1024)
  const auto = options.autoDownloadContacts === undefined && options.autoDownloadMib === undefined ? undefined : { contacts: options.autoDownloadContacts, maxBytes: mib(options.autoDownloadMib) }
  return { maxFileBytes: mib(options.maxFileMib), quotaBytes: mib(options.blobQuotaMib), serveChunksPerSecond: options.serveRate, autoDownload: auto }
}
