/* eslint-disable @typescript-eslint/require-await -- the fakes answer at once, through the same async signatures as the real backend */
import { describe, expect, it } from 'vitest'
import { BackupViewModel } from '../../src/view-models/backup-view-model.js'
import { ExportViewModel } from '../../src/view-models/export-view-model.js'
import { FailedOpenViewModel } from '../../src/view-models/failed-open-view-model.js'
import { GapViewModel } from '../../src/view-models/gap-view-model.js'
import { RestoreViewModel } from '../../src/view-models/restore-view-model.js'
import { settle } from './memory-backend.js'
import type { ArchiveBackend, Download, GapInfo, RecoveryBackend } from '../../src/app/archive-backend.js'
import type { Me } from '../../src/app/chat-backend.js'

const named = (name: string): Error => Object.assign(new Error(`a ${name}`), { name })
const blob = new Blob(['x'])

/** An archive whose calls are recorded and whose answers the test sets. */
class FakeArchive implements ArchiveBackend {
  readonly calls: string[] = []
  failure: Error | undefined
  gapList: GapInfo[] = []
  readonly listeners = new Set<(id: string) => void>()
  async backup (passphrase: string): Promise<Download & { messages: number }> {
    this.calls.push(`backup ${passphrase}`)
    if (this.failure != null) throw this.failure
    return { blob, name: 'parley-backup-alice-2026-11-29.parley', messages: 7 }
  }

  async exportConversation (id: string, format: string): Promise<Download> {
    this.calls.push(`export ${id} ${format}`)
    if (this.failure != null) throw this.failure
    return { blob, name: `x.${format}` }
  }

  async exportAll (format: string): Promise<Download> {
    this.calls.push(`all ${format}`)
    return { blob, name: `all.${format}` }
  }

  async gaps (): Promise<GapInfo[]> { return this.gapList }
  onGapsChanged (listener: (id: string) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  async restore (): Promise<Me> { throw new Error('not used') }
}

describe('BackupViewModel', () => {
  it('asks for the passphrase twice, then hands the backup over as a download and says what it holds', async () => {
    const archive = new FakeArchive()
    const saved: Download[] = []
    const vm = new BackupViewModel(archive, (d) => { saved.push(d) })
    vm.toggle()
    vm.setPassphrase('short')
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/at least 8/)
    vm.setPassphrase('long enough pass')
    vm.setConfirm('something else')
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/differ/)
    vm.setConfirm('long enough pass')
    vm.submit()
    await settle()
    expect(archive.calls).toEqual(['backup long enough pass'])
    expect(saved.map((d) => d.name)).toEqual(['parley-backup-alice-2026-11-29.parley'])
    expect(vm.getSnapshot()).toMatchObject({ busy: false, passphrase: '', confirm: '' })
    expect(vm.getSnapshot().done).toMatch(/^Backed up 7 messages to parley-backup-alice/)
    vm.exportAll('json')
    await settle()
    expect(saved.at(-1)?.name).toBe('all.json')
  })
})

describe('ExportViewModel', () => {
  it('exports the conversation in the chosen format, and says so in plain words when there is nothing to export', async () => {
    const archive = new FakeArchive()
    const saved: Download[] = []
    const vm = new ExportViewModel(archive, 'room:tea', (d) => { saved.push(d) })
    vm.toggle()
    vm.export('html')
    await settle()
    expect(archive.calls).toEqual(['export room:tea html'])
    expect(saved.map((d) => d.name)).toEqual(['x.html'])
    archive.failure = named('UnknownConversationError')
    vm.export('md')
    await settle()
    expect(vm.getSnapshot().error).toBe('There is nothing stored for this conversation yet.')
  })
})

describe('RestoreViewModel', () => {
  it('needs a file and a passphrase, and tells each bad backup apart in plain words', async () => {
    const tries: string[] = []
    let failure: Error | undefined
    const vm = new RestoreViewModel(async (_file, passphrase) => {
      tries.push(passphrase)
      if (failure != null) throw failure
    }, () => {})
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/Choose the backup file/)
    vm.chooseFile(blob, 'alice.parley')
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/passphrase/)
    vm.setPassphrase('pass phrase')
    const sentences: Record<string, RegExp> = {
      WrongPassphraseError: /passphrase does not open this backup/,
      BackupTruncatedError: /incomplete/,
      BackupCorruptError: /changed or damaged/,
      BackupVersionError: /newer version of Parley/,
      NotABackupError: /not a Parley backup/
    }
    for (const [name, sentence] of Object.entries(sentences)) {
      failure = named(name)
      vm.submit()
      await settle()
      expect(vm.getSnapshot().error).toMatch(sentence)
    }
    failure = undefined
    vm.submit()
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ busy: false, error: undefined, passphrase: '' })
    expect(tries).toHaveLength(6)
  })
})

describe('FailedOpenViewModel', () => {
  it('says what is wrong, exports what can be read, and starts over only after a second confirmation', async () => {
    const calls: string[] = []
    const recovery: RecoveryBackend = {
      salvage: async () => { calls.push('salvage'); return { blob, name: 's.json', conversations: 3, failed: ['room:x'] } },
      startOver: async () => { calls.push('startOver'); return 'aside' }
    }
    const saved: string[] = []
    const vm = new FailedOpenViewModel(recovery, named('DataDirDamagedError'), {
      restore: () => { calls.push('restore') },
      startNew: () => { calls.push('startNew') },
      save: (d) => { saved.push(d.name) }
    })
    expect(vm.getSnapshot()).toMatchObject({ problem: 'The profile stored in this browser is damaged.', evicted: false })
    vm.salvage()
    await settle()
    expect(saved).toEqual(['s.json'])
    expect(vm.getSnapshot().notice).toMatch(/Exported 3 conversations to s.json\. 1 could not be read whole/)
    vm.startOver()
    await settle()
    expect(calls).toEqual(['salvage'])
    vm.askStartOver()
    vm.startOver()
    await settle()
    expect(calls).toEqual(['salvage', 'startOver', 'startNew'])
  })

  it('for an evicted profile offers no export, and restoring clears the profile first', async () => {
    const calls: string[] = []
    const recovery: RecoveryBackend = { salvage: async () => { throw new Error('unused') }, startOver: async () => { calls.push('startOver'); return 'aside' } }
    const vm = new FailedOpenViewModel(recovery, named('ProfileEvictedError'), { restore: () => { calls.push('restore') }, startNew: () => {}, save: () => {} })
    expect(vm.getSnapshot().evicted).toBe(true)
    expect(vm.getSnapshot().problem).toMatch(/cleared this site's storage/)
    vm.restore()
    await settle()
    expect(calls).toEqual(['startOver', 'restore'])
  })
})

describe('GapViewModel', () => {
  it('shows the conversation\'s gap spans and reads them again when lost messages come back', async () => {
    const archive = new FakeArchive()
    archive.gapList = [{ from: 1, to: 2, missing: 2 }]
    const vm = new GapViewModel(archive, 'room:tea', true)
    await settle()
    expect(vm.getSnapshot().gaps).toEqual([{ from: 1, to: 2, missing: 2 }])
    archive.gapList = []
    for (const l of archive.listeners) l('room:other')
    await settle()
    expect(vm.getSnapshot().gaps).toHaveLength(1)
    for (const l of archive.listeners) l('room:tea')
    await settle()
    expect(vm.getSnapshot().gaps).toEqual([])
    vm.dispose()
    expect(archive.listeners.size).toBe(0)
  })
})
