/**
 * `parley backup`, `parley restore` and `parley export` (the command forms
 * scripts rely on), and the backup a running peer makes through `--json`.
 *
 *     parley backup  --data-dir <dir> [--passphrase-file <f>] [--json] <file>
 *     parley restore --data-dir <new dir> [--passphrase-file <f>] [--json] <file>
 *     parley export  --data-dir <dir> --conversation <peerId|room> --format md|html|json [--out <path>] [--json]
 *     parley export  --data-dir <dir> --conversation all --format md|html|json --out <dir> [--json]
 *
 * The passphrase comes from --passphrase-file or PARLEY_PASSPHRASE, and is
 * asked for at a terminal. Each kind of failure has its exit status
 * ({@link ARCHIVE_EXIT}, beside repair's EXIT).
 */
import { isSealedIdentity, openIdentity } from '@parley/crypto'
import { Command, InvalidArgumentError, Option } from 'commander'
import { EXPORT_FORMATS, checkExportFormat, type ExportFormat } from '../archive/index.js'
import { InvalidInputError } from '../errors.js'
import { PassphraseRequiredError } from '../identity-store.js'
import { ALL_CONVERSATIONS, backupProfile, backupToFile, exportAllConversations, exportAllProfile, exportConversation, exportProfile, restoreProfile } from '../node/archive-files.js'
import { ask } from './ask.js'
import { defaultDataDir, readPassphrase } from './options.js'
import { EXIT } from './repair.js'
import type { Peer } from '../peer.js'

/** The subcommands this module runs. */
export const ARCHIVE_COMMANDS = ['backup', 'restore', 'export'] as const

/** Exit statuses of the archive commands, beside repair's (3 damaged, 4 locked, 5 passphrase); 2 is a bad flag. */
export const ARCHIVE_EXIT = {
  /** The file is not a backup, or it is altered or cut short. */
  badBackup: 6,
  /** The backup comes from a newer Parley. */
  newerBackup: 7,
  /** The restore target is not empty, or there is no profile to back up or export. */
  wrongDirectory: 8,
  /** The conversation to export names nothing in the profile, or the format is unknown. */
  unknownConversation: 9
} as const

/** What to do next for each error, with its status. */
const NEXT: Record<string, { next: string, status: number }> = {
  NotABackupError: { next: 'check the file name: this is not a Parley backup.', status: ARCHIVE_EXIT.badBackup },
  BackupCorruptError: { next: 'the backup was altered or damaged after it was written; use another copy. Nothing was restored.', status: ARCHIVE_EXIT.badBackup },
  BackupTruncatedError: { next: 'the backup is incomplete (an interrupted copy?); use a complete copy. Nothing was restored.', status: ARCHIVE_EXIT.badBackup },
  BackupVersionError: { next: 'update Parley to restore this backup.', status: ARCHIVE_EXIT.newerBackup },
  RestoreTargetNotEmptyError: { next: 'restore into a new, empty --data-dir (a restore never overwrites a profile).', status: ARCHIVE_EXIT.wrongDirectory },
  NoProfileError: { next: 'check --data-dir.', status: ARCHIVE_EXIT.wrongDirectory },
  UnknownConversationError: { next: 'name a contact\'s PeerId, a room, a private room, or a conversation id (dm:…, room:…, private:…).', status: ARCHIVE_EXIT.unknownConversation },
  UnknownExportFormatError: { next: 'use --format md, html or json.', status: ARCHIVE_EXIT.unknownConversation },
  DataDirLockedError: { next: 'a peer is running on this profile: ask it through its --json interface ({"cmd":"backup","path":…} or {"cmd":"export",…}), or stop it and run this again.', status: EXIT.locked },
  DataDirDamagedError: { next: 'run `parley repair` on the profile first.', status: EXIT.damaged },
  PassphraseRequiredError: { next: 'give the passphrase with PARLEY_PASSPHRASE or --passphrase-file.', status: EXIT.passphrase },
  WrongPassphraseError: { next: 'check the passphrase (a backup of a protected profile is sealed with the profile\'s passphrase).', status: EXIT.passphrase }
}

interface ArchiveOptions { dataDir: string, passphraseFile?: string, json?: boolean }

/** The passphrase from the flags or the environment, else asked at a terminal (twice, for a new backup); PassphraseRequiredError otherwise. */
async function passphrase (options: ArchiveOptions, confirm: boolean): Promise<string> {
  const given = await readPassphrase(options)
  if (given !== undefined && given !== '') return given
  if (process.stdin.isTTY !== true) throw new PassphraseRequiredError('a passphrase is needed: set PARLEY_PASSPHRASE or --passphrase-file')
  const typed = await ask('Backup passphrase: ', true)
  if (typed === '') throw new PassphraseRequiredError('a backup needs a passphrase')
  if (confirm && await ask('Again: ', true) !== typed) throw new PassphraseRequiredError('the two passphrases differ')
  return typed
}

const parseFormat = (value: string): ExportFormat => {
  try {
    checkExportFormat(value)
  } catch {
    throw new InvalidArgumentError(`one of ${EXPORT_FORMATS.join(', ')}`)
  }
  return value
}

type Report = (human: string, json: Record<string, unknown>) => void

/** The commander program of the archive subcommands; each action resolves when done. */
function archiveProgram (report: (options: ArchiveOptions) => Report): Command {
  const program = new Command('parley').exitOverride((err) => { process.exit(err.exitCode === 0 ? 0 : 2) })
  const common = (c: Command): Command => c
    .option('--data-dir <dir>', 'profile directory', defaultDataDir())
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set PARLEY_PASSPHRASE)')
    .option('--json', 'print the result as one JSON line')
  common(program.command('backup').argument('<file>', 'the backup file to write')
    .description('write one sealed file with the identity, contacts, rooms, private-room keys, the whole history and the files you kept'))
    .action(async (file: string, options: ArchiveOptions) => {
      const s = await backupProfile({ dataDir: options.dataDir, file, passphrase: await passphrase(options, true) })
      report(options)(`Backed up ${s.peerId}: ${s.messages} messages in ${s.conversations} conversations, ${s.entries} entries, ${s.blobs} kept files, to ${file}`, { event: 'backup', path: file, ...s })
    })
  common(program.command('restore').argument('<file>', 'the backup file to read')
    .description('restore a backup into a new, empty profile directory'))
    .action(async (file: string, options: ArchiveOptions) => {
      const s = await restoreProfile({ dataDir: options.dataDir, file, passphrase: await passphrase(options, false) })
      report(options)(`Restored ${s.peerId} (${s.nick}) into ${options.dataDir}: ${s.messages} messages in ${s.conversations} conversations, ${s.blobs} kept files. Sessions start afresh: your contacts will see that your session was reset.`, { event: 'restore', dataDir: options.dataDir, ...s })
    })
  program.command('export')
    .description('export one conversation as Markdown, self-contained HTML or JSON')
    .option('--data-dir <dir>', 'profile directory', defaultDataDir())
    .requiredOption('--conversation <peerId|room|all>', 'a contact\'s PeerId, a room, a private room, a conversation id, or all (one file each into the --out directory)')
    .addOption(new Option('--format <format>', 'md, html or json').argParser(parseFormat).makeOptionMandatory())
    .option('--out <path>', 'write to this file (default: standard output)')
    .option('--json', 'print the result as one JSON line (with --out)')
    .option('--passphrase-file <file>', 'a profile sealed under a passphrase: read it from a file (or set PARLEY_PASSPHRASE)')
    .action(async (options: ArchiveOptions & { conversation: string, format: ExportFormat, out?: string }) => {
      // Only a sealed profile needs it (PassphraseRequiredError, exit 5, when it is missing).
      const phrase = await readPassphrase(options)
      if (options.conversation === ALL_CONVERSATIONS) {
        if (options.out === undefined) throw new InvalidInputError('--conversation all writes one file per conversation: give --out <directory>')
        const files = await exportAllProfile({ dataDir: options.dataDir, format: options.format, out: options.out, passphrase: phrase === '' ? undefined : phrase })
        report(options)(`Exported ${files.length} conversations to ${options.out}`, { event: 'export', conversation: ALL_CONVERSATIONS, format: options.format, path: options.out, files: files.map((f) => ({ conversation: f.conversation, title: f.title, path: f.path })) })
        return
      }
      const info = await exportProfile({ dataDir: options.dataDir, conversation: options.conversation, format: options.format, out: options.out, passphrase: phrase === '' ? undefined : phrase })
      if (options.out !== undefined) report(options)(`Exported ${info.conversation} to ${options.out}`, { event: 'export', ...info, format: options.format, path: options.out })
    })
  return program
}

/** Runs `parley backup|restore|export …`; resolves with the exit status. */
export async function runArchive (argv: string[]): Promise<number> {
  const report = (options: ArchiveOptions): Report => (human, json) => {
    process.stdout.write((options.json === true ? JSON.stringify(json) : human) + '\n')
  }
  try {
    await archiveProgram(report).parseAsync(argv)
    return 0
  } catch (err) {
    const e = err as Error
    const known = Object.hasOwn(NEXT, e.name) ? NEXT[e.name] : undefined
    process.stderr.write(`parley: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message}${known === undefined ? '' : `\nNext: ${known.next}`}\n`)
    return known?.status ?? 1
  }
}

/** A file path from a --json command: InvalidInputError unless it names a file. */
function checkPath (path: string): void {
  if (path.trim() === '' || path.endsWith('/') || path.includes('\0')) throw new InvalidInputError('"path" must name a file')
}

/** `{"cmd":"backup","path":…,"passphrase"?:…}` on a running peer: its own open store, backed up without stopping it. */
export async function backupRunningPeer (peer: Peer, path: string, given?: string): Promise<Record<string, unknown>> {
  checkPath(path)
  const phrase = given ?? process.env.PARLEY_PASSPHRASE
  if (phrase === undefined || phrase === '') throw new PassphraseRequiredError('a backup needs a passphrase: "passphrase" in the command, or PARLEY_PASSPHRASE')
  // A protected profile's backup is sealed with the profile's own passphrase (one passphrase to remember).
  const blob = await peer.store.kv('identity').get('self')
  if (blob !== undefined && isSealedIdentity(blob)) openIdentity(blob, phrase)
  const summary = await backupToFile(peer.store, path, { passphrase: phrase, peerId: peer.peerId, nick: peer.nick, blobs: peer.files.blobs })
  return { path, ...summary }
}

/** `{"cmd":"export","conversation":…,"format":…,"path":…}` on a running peer; `"conversation":"all"` writes one file each into the directory `path`. */
export async function exportRunningPeer (peer: Peer, conversation: string, format: string, path: string): Promise<Record<string, unknown>> {
  checkExportFormat(format)
  if (conversation === ALL_CONVERSATIONS) {
    if (path.trim() === '' || path.includes('\0')) throw new InvalidInputError('"path" must name a directory')
    const files = await exportAllConversations(peer.store, format, path)
    return { conversation, format, path, files: files.map((f) => ({ conversation: f.conversation, title: f.title, path: f.path })) }
  }
  checkPath(path)
  const info = await exportConversation(peer.store, conversation, format, path)
  return { ...info, format, path }
}
