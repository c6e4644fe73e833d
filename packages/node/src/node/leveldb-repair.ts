/**
 * Runs LevelDB's own repair (`leveldb::RepairDB`, exposed by classic-level)
 * on the directory named by the first argument. `parley repair` runs it as a
 * child process: on some damage LevelDB's repair aborts the whole process
 * (a failed assertion), and then only the child dies.
 */
import { ClassicLevel } from 'classic-level'

const location = process.argv[2]
if (location === undefined || location === '') {
  process.stderr.write('usage: leveldb-repair <database directory>\n')
  process.exit(2)
}
await ClassicLevel.repair(location)
