/** `parley repair --data-dir <dir>`: runs the profile repair and prints what it found. */
import { repairProfile, type RepairReport } from '../node/repair.js'
import { readPassphrase, type CliOptions } from './options.js'

/** Exit statuses of `parley`, each naming one kind of failure. */
export const EXIT = {
  /** The profile's database is damaged (open), or repair could not recover the identity. */
  damaged: 3,
  /** Another process has the profile open. */
  locked: 4,
  /** The passphrase is missing or wrong. */
  passphrase: 5
} as const

const IDENTITY: Record<RepairReport['identity'], string> = {
  ok: 'recovered, and it opens',
  sealed: 'recovered (sealed; set PARLEY_PASSPHRASE or --passphrase-file to also check that it opens)',
  missing: 'NOT recovered: the identity record is gone',
  'wrong-passphrase': 'present, but the passphrase given does not open it (a wrong passphrase, or damaged bytes)',
  damaged: 'NOT recovered: the identity record is damaged'
}

/** The summary lines of a report. */
export function formatReport (report: RepairReport): string[] {
  const lines = [
    `Repair of ${report.dataDir}`,
    `  the damaged original is kept at ${report.copy}`,
    `  LevelDB repair: ${report.leveldbFailure === undefined ? 'done' : `failed (${report.leveldbFailure})`}${report.salvaged === true ? '; kept instead what reads back from the damaged files' : ''}`,
    `  identity: ${IDENTITY[report.identity]}`
  ]
  if (report.unreadable.length > 0) lines.push(`  read only in part (a damaged table): ${report.unreadable.join(', ')}`)
  if (report.conversations.length > 0) lines.push('  history (indexed before → kept; dropped = failed verification, lost = gone):')
  for (const c of report.conversations) {
    const notes = [c.dropped > 0 ? `${c.dropped} dropped` : '', c.lost > 0 ? `${c.lost} lost` : ''].filter((n) => n !== '').join(', ')
    lines.push(`    ${c.conversation || '(damaged keys)'}: ${c.indexed} → ${c.kept}${notes === '' ? '' : ` (${notes})`}`)
  }
  if (report.conversations.some((c) => c.conversation.startsWith('room:') && c.dropped + c.lost > 0)) {
    lines.push('  rooms: messages lost here come back by sync from the other members once the peer runs again')
  }
  lines.push(report.opens ? '  the profile opens' : `  the profile does not open: ${report.openFailure ?? 'unknown reason'}`)
  if (report.identity === 'wrong-passphrase') {
    lines.push('Check the passphrase and run repair again to check the identity; if the passphrase is right, restore the profile from a backup.')
  } else if (!report.recovered) {
    lines.push(`The identity could not be recovered. Restore the profile from a backup, or start a new profile (another --data-dir); the damaged files stay at ${report.copy}.`)
  }
  return lines
}

/** Runs `parley repair`; resolves with the exit status. */
export async function runRepair (options: Pick<CliOptions, 'dataDir' | 'passphraseFile' | 'json'>, write: (line: string) => void): Promise<number> {
  const report = await repairProfile({ dataDir: options.dataDir, passphrase: await readPassphrase(options) })
  if (options.json) write(JSON.stringify({ event: 'repair', ...report }))
  else for (const line of formatReport(report)) write(line)
  if (report.identity === 'wrong-passphrase') return EXIT.passphrase
  return report.recovered ? 0 : EXIT.damaged
}
