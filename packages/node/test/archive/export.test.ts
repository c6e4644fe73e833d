import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready, toHex } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderExport, resolveConversation } from '../../src/archive/index.js'
import { exportAllConversations, exportFileName } from '../../src/node/archive-files.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { DmPayload, StoredDm } from '../../src/pb/dm.js'
import { peerIdOfKey } from '../../src/room-messages.js'
import type { ProfileStore } from '../../src/store/index.js'

const HOSTILE = 'x</p><script>alert(1)</script><img src=x onerror="alert(2)"> & \'quoted\' \u202eevil\n**bold** [link](javascript:alert(3))'

let dir: string
let store: ProfileStore
let me: string
let bob: string
let carl: string
beforeAll(async () => {
  await ready()
  dir = await mkdtemp(join(tmpdir(), 'parley-export-'))
  store = await openNodeProfileStore(dir)
  me = peerIdOfKey(generateIdentity().publicKey)
  bob = peerIdOfKey(generateIdentity().publicKey)
  carl = peerIdOfKey(generateIdentity().publicKey)
  await store.kv('contacts').put(bob, new TextEncoder().encode(JSON.stringify({ petname: 'Bobby <b>', blocked: false })))
  const dm = (n: number, from: string, text: string, extra: Partial<StoredDm> = {}): { conversation: string, id: string, timestamp: number, value: Uint8Array } => {
    const id = toHex(new Uint8Array(32).fill(n))
    const payload = { id, kind: DmPayload.Kind.TEXT, sentAt: BigInt(1_700_000_000_000 + n), nick: from === me ? 'alice' : 'bob<i>', text, target: '', reaction: '', replyTo: '', data: new Uint8Array(), mentions: [] }
    const stored: StoredDm = { payload, from, outgoing: from === me, delivered: true, read: false, deleted: false, reactions: [], editedAt: 0n, editedId: '', ...extra }
    return { conversation: `dm:${bob}`, id, timestamp: Number(payload.sentAt), value: StoredDm.encode(stored) }
  }
  await store.history.append([
    dm(1, me, 'hello bob'),
    dm(2, bob, HOSTILE, { reactions: [`${me} 👍`] }),
    dm(3, me, 'first', { editedText: 'second', editedAt: 5n, editedId: 'e' }),
    dm(4, bob, 'gone', { deleted: true })
  ])
  // A second conversation, for the export of all.
  await store.history.append([{ ...dm(5, me, 'hello carl'), conversation: `dm:${carl}` }])
})
afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

async function render (format: 'md' | 'html' | 'json'): Promise<string> {
  let out = ''
  for await (const chunk of renderExport(store, await resolveConversation(store, bob), format)) out += chunk
  return out
}

describe('export', () => {
  it('finds a conversation by PeerId or id, and refuses one that is not there', async () => {
    expect(await resolveConversation(store, bob)).toMatchObject({ conversation: `dm:${bob}`, kind: 'dm', title: 'Bobby <b>' })
    expect(await resolveConversation(store, `dm:${bob}`)).toMatchObject({ conversation: `dm:${bob}` })
    await expect(resolveConversation(store, 'lobby')).rejects.toThrow(expect.objectContaining({ name: 'UnknownConversationError' }))
    await expect(resolveConversation(store, me)).rejects.toThrow(expect.objectContaining({ name: 'UnknownConversationError' }))
  })

  it('exports JSON that matches the history: authors, fingerprints, petnames, times, edits, deletes and reactions', async () => {
    const json = JSON.parse(await render('json'))
    expect(json.export).toMatchObject({ format: 'parley-export', version: 1, conversation: `dm:${bob}` })
    expect(json.messages.map((m: any) => [m.author.peerId, m.author.nick, m.text, m.edited, m.deleted, m.sentAt])).toEqual([
      [me, 'alice', 'hello bob', false, false, 1_700_000_000_001],
      [bob, 'bob<i>', HOSTILE, false, false, 1_700_000_000_002],
      [me, 'alice', 'second', true, false, 1_700_000_000_003],
      [bob, 'bob<i>', '', false, true, 1_700_000_000_004]
    ])
    expect(json.messages[1].author).toMatchObject({ petname: 'Bobby <b>', fingerprint: expect.stringMatching(/^[0-9a-f]{4}:[0-9a-f]{4}$/) })
    expect(json.messages[1].reactions).toEqual([{ reaction: '👍', by: expect.objectContaining({ peerId: me }) }])
  })

  it('exports self-contained HTML in which every text is escaped and nothing can run or load', async () => {
    const html = await render('html')
    // Only the page's own elements: whatever a message holds stays text.
    const tags = new Set([...html.matchAll(/<\/?([a-z!][a-z0-9]*)/gi)].map((m) => m[1].toLowerCase()))
    expect([...tags].sort()).toEqual(['!doctype', 'article', 'body', 'br', 'code', 'em', 'h1', 'head', 'header', 'html', 'meta', 'p', 'span', 'strong', 'style', 'time', 'title'])
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('⟨U+202E⟩evil')
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';[^"]*script-src 'none'/)
    expect(html).not.toMatch(/(src|href)=["']?(https?:|\/\/)/)
    expect(html).toContain('second')
    expect(html).toContain('(deleted)')
  })

  it('exports Markdown with markup characters escaped and edits, deletes and reactions marked', async () => {
    const md = await render('md')
    expect(md).not.toMatch(/<script|\*\*bold\*\*|\[link\]\(/)
    expect(md).toContain('\\*\\*bold\\*\\*')
    expect(md).toContain('_edited_')
    expect(md).toContain('_(deleted)_')
    expect(md).toContain('👍')
    expect(md).toContain('“Bobby &lt;b\\>”')
  })

  it('exports every conversation into a directory, one file each named by its conversation id', async () => {
    const out = join(dir, 'all')
    const files = await exportAllConversations(store, 'json', out)
    expect(files.map((f) => f.conversation).sort()).toEqual([`dm:${bob}`, `dm:${carl}`].sort())
    expect((await readdir(out)).sort()).toEqual([exportFileName(`dm:${bob}`, 'json'), exportFileName(`dm:${carl}`, 'json')].sort())
    expect(exportFileName(`dm:${bob}`, 'json')).toBe(`dm-${bob}.json`)
    const carls = JSON.parse(await readFile(join(out, `dm-${carl}.json`), 'utf8'))
    expect(carls.messages.map((m: any) => m.text)).toEqual(['hello carl'])
    expect(JSON.parse(await readFile(join(out, `dm-${bob}.json`), 'utf8')).messages).toHaveLength(4)
  })
})
