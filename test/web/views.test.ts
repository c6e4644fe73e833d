/**
 * Parley's views in real Chromium, rendered by the view gallery with snapshots handed in:
 * accessible names, the actions each control calls, and the narrow (phone) layout.
 */
import { describe, expect, it } from 'vitest'
import { pageUnderTest } from './support/page-under-test.js'
import { gallery } from './support/harness.js'
import { until } from '../support/poll.js'
import type { GalleryChat, GalleryWindow } from './support/gallery-api.js'
import type { Page } from 'playwright-core'

const web = pageUnderTest('test/views')

const ONBOARDING = { mode: 'create', nickname: '', passphrase: '', confirm: '', busy: false }

function entries (count: number, from = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${from + i}`,
    author: i % 2 === 0 ? 'alice' : 'bob',
    fingerprint: i % 2 === 0 ? 'a1b2 c3d4' : 'e5f6 0718',
    own: i % 2 === 1,
    text: `message number ${from + i}`,
    time: '12:00',
    iso: new Date(1_700_000_000_000 + (from + i) * 1000).toISOString(),
    edited: false,
    deleted: false,
    reactions: []
  }))
}

function chat (pane: 'list' | 'conversation', count = 5): GalleryChat {
  return {
    pane,
    sidebar: {
      me: { nickname: 'alice', fingerprint: 'a1b2 c3d4', id: '12D3KooWAlice' },
      status: 'Connected to 1 peer',
      online: true,
      joinName: '',
      joining: false,
      invites: [],
      requests: [],
      peer: { value: '', busy: false },
      privateRoom: { value: '', busy: false },
      peerAddress: { value: '', busy: false },
      sections: [
        { key: 'public-room', title: 'Rooms', items: [{ id: 'room:lobby', title: 'lobby', unread: 0, muted: false, selected: true }, { id: 'room:rust', title: 'rust', unread: 3, muted: false, selected: false }] },
        { key: 'private-room', title: 'Private rooms', items: [] },
        { key: 'dm', title: 'Direct messages', items: [{ id: 'dm:bob', title: 'bob', unread: 120, muted: true, selected: false }] }
      ]
    },
    conversation: {
      title: 'lobby',
      timeline: { entries: entries(count), loadingOlder: false, complete: false, actions: true },
      composer: { draft: '', sending: false, disabled: false }
    }
  }
}

async function open (size?: { width: number, height: number }): Promise<Page> {
  const { page } = await web.chromium.newPage(size)
  await page.goto(web.url)
  await page.waitForFunction(() => (window as unknown as Partial<GalleryWindow>).gallery != null, undefined, { timeout: 10_000 })
  return page
}

async function callsTo (page: Page, vm: string): Promise<Array<{ action: string, args: unknown[] }>> {
  return (await gallery(page, 'calls')).filter(c => c.vm === vm).map(({ action, args }) => ({ action, args }))
}


describe('onboarding view', () => {
  it('asks for a nickname and an optional passphrase, warning when none is set', async () => {
    const page = await open()
    await gallery(page, 'onboarding', ONBOARDING)
    await page.getByRole('textbox', { name: 'Nickname' }).fill('alice')
    expect(await callsTo(page, 'onboarding')).toContainEqual({ action: 'setNickname', args: ['alice'] })
    expect(await page.getByText('stored unencrypted').isVisible()).toBe(true)

    await gallery(page, 'patch', 'onboarding', { passphrase: 'correct horse' })
    expect(await page.getByText('stored unencrypted').count()).toBe(0)
    expect(await page.getByLabel('Repeat passphrase').isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Start chatting' }).click()
    expect((await callsTo(page, 'onboarding')).map(c => c.action)).toContain('submit')
    await page.close()
  })

  it('unlocks a sealed profile with its passphrase and shows the error it is given', async () => {
    const page = await open()
    await gallery(page, 'onboarding', { ...ONBOARDING, mode: 'unlock', nickname: 'alice', error: 'That passphrase does not open this profile. Try again.' })
    expect(await page.getByRole('textbox', { name: 'Nickname' }).count()).toBe(0)
    expect(await page.getByRole('alert').textContent()).toContain('does not open')
    await page.getByLabel('Passphrase').fill('hunter22')
    await page.getByRole('button', { name: 'Unlock' }).click()
    const actions = await callsTo(page, 'onboarding')
    expect(actions).toContainEqual({ action: 'setPassphrase', args: ['hunter22'] })
    expect(actions.map(c => c.action)).toContain('submit')
    await page.close()
  })
})

describe('chat layout', () => {
  it('has the accessible controls: conversations, room name, messages, message box and send', async () => {
    const page = await open()
    await gallery(page, 'chat', chat('conversation'))
    const nav = page.getByRole('navigation', { name: 'Conversations' })
    expect(await nav.isVisible()).toBe(true)
    expect(await nav.getByLabel('3 unread').textContent()).toBe('3')
    expect(await nav.getByLabel('120 unread').textContent()).toBe('99+')
    expect(await page.getByRole('log', { name: 'Messages' }).getByText('message number 4').isVisible()).toBe(true)

    await page.getByRole('textbox', { name: 'Room name' }).fill('rust')
    await gallery(page, 'patch', 'sidebar', { joinName: 'rust' })
    await page.getByRole('button', { name: 'Join' }).click()
    await nav.getByRole('button', { name: /rust/ }).click()

    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('hello')
    await gallery(page, 'patch', 'composer', { draft: 'hello' })
    await page.getByRole('button', { name: 'Send' }).click()

    expect((await callsTo(page, 'sidebar')).map(c => c.action)).toEqual(['setJoinName', 'join', 'select'])
    expect(await callsTo(page, 'composer')).toEqual([{ action: 'setDraft', args: ['hello'] }, { action: 'send', args: [] }])
    await page.close()
  })

  it('sends on Enter and starts a new line on Shift+Enter', async () => {
    const page = await open()
    await gallery(page, 'chat', chat('conversation'))
    await gallery(page, 'patch', 'composer', { draft: 'hi' })
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.press('Shift+Enter')
    expect((await callsTo(page, 'composer')).map(c => c.action)).not.toContain('send')
    await box.press('Enter')
    expect((await callsTo(page, 'composer')).map(c => c.action)).toContain('send')
    await page.close()
  })

  it('asks for older messages when the timeline is scrolled to the top, keeping the reader in place', async () => {
    const page = await open({ width: 1024, height: 600 })
    await gallery(page, 'chat', chat('conversation', 60))
    const log = page.getByRole('log', { name: 'Messages' })
    await until('the timeline to start at the bottom', async () =>
      log.evaluate(el => el.scrollHeight - el.scrollTop - el.clientHeight < 8))
    expect((await callsTo(page, 'timeline')).length).toBe(0)

    await log.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')) })
    await until('loadOlder', async () => (await callsTo(page, 'timeline')).some(c => c.action === 'loadOlder'))

    const anchor = page.getByText('message number 0', { exact: true })
    const before = (await anchor.boundingBox())?.y
    await gallery(page, 'patch', 'timeline', { entries: [...entries(30, -30), ...entries(60)] })
    const after = (await anchor.boundingBox())?.y
    expect(before).toBeDefined()
    expect(Math.abs((after ?? 0) - (before ?? 0))).toBeLessThan(4)
    await page.close()
  })

  it('shows one pane at a time on a phone-sized screen, without horizontal scrolling', async () => {
    const page = await open({ width: 360, height: 740 })
    await gallery(page, 'chat', chat('conversation'))
    expect(await page.getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(false)
    const box = page.getByRole('textbox', { name: 'Message' })
    const send = page.getByRole('button', { name: 'Send' })
    for (const control of [box, send]) {
      const rect = await control.boundingBox()
      expect(rect).not.toBeNull()
      expect(rect!.x + rect!.width).toBeLessThanOrEqual(360)
      expect(rect!.y + rect!.height).toBeLessThanOrEqual(740)
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    await page.getByRole('button', { name: 'Back to conversations' }).click()
    expect((await callsTo(page, 'app')).map(c => c.action)).toEqual(['showList'])
    await gallery(page, 'chat', chat('list'))
    expect(await page.getByRole('navigation', { name: 'Conversations' }).isVisible()).toBe(true)
    expect(await box.isVisible()).toBe(false)
    expect(await page.getByRole('textbox', { name: 'Room name' }).isVisible()).toBe(true)
    await page.close()
  })
})

/** A DM with bob: one reply, one edited and reacted message of mine with a receipt, one deleted. */
function dm (header: Record<string, unknown> = {}): GalleryChat {
  const base = chat('conversation')
  const at = (n: number): Pick<Record<string, unknown>, 'time' | 'iso'> => ({ time: '12:00', iso: new Date(1_700_000_000_000 + n * 1000).toISOString() })
  const bob = { author: 'bob', fingerprint: 'e5f6 0718', own: false }
  const me = { author: 'alice', fingerprint: 'a1b2 c3d4', own: true }
  return {
    ...base,
    conversation: {
      title: 'bob',
      header: { title: 'bob', kind: 'dm', muted: false, verified: false, membersOpen: false, ...header },
      timeline: {
        loadingOlder: false,
        complete: true,
        actions: true,
        typing: 'bob',
        entries: [
          { id: 'd1', ...bob, ...at(1), text: 'lunch?', edited: false, deleted: false, reactions: [] },
          {
            id: 'd2', ...me, ...at(2), text: 'yes, at noon', edited: true, deleted: false, receipt: 'read',
            replyTo: { author: 'bob', text: 'lunch?' },
            reactions: [{ reaction: '👍', count: 2, mine: true }, { reaction: '🎉', count: 1, mine: false }]
          },
          { id: 'd3', ...bob, ...at(3), text: '', edited: false, deleted: true, reactions: [], replyTo: { author: '', text: 'a message' } }
        ]
      },
      composer: { draft: '', sending: false, disabled: false }
    }
  }
}

const SAFETY = { groups: Array.from({ length: 12 }, (_, i) => String(12345 + i * 1111).padStart(5, '0')), qr: 'parley-safety:v1:0123456789abcdef', verified: false, blocked: false }

describe('conversation features', () => {
  it('shows replies, edits, deletions, reactions and receipts, and offers each message its actions', async () => {
    const page = await open()
    await gallery(page, 'chat', dm())
    const log = page.getByRole('log', { name: 'Messages' })
    const mine = log.locator('[data-id="d2"]')
    expect(await mine.locator('blockquote').textContent()).toBe('bob: lunch?')
    expect(await mine.getByText('(edited)').isVisible()).toBe(true)
    expect(await mine.getByText('Read', { exact: true }).isVisible()).toBe(true)
    expect(await mine.getByRole('button', { name: '👍 2' }).getAttribute('aria-pressed')).toBe('true')
    expect(await mine.getByRole('button', { name: '🎉 1' }).getAttribute('aria-pressed')).toBe('false')
    const gone = log.locator('[data-id="d3"]')
    expect(await gone.locator('blockquote').textContent()).toBe('a message')
    expect(await gone.getByRole('button').count()).toBe(0)
    expect(await mine.getByRole('button', { name: 'React 👍' }).count()).toBe(0)
    expect(await page.getByRole('status').filter({ hasText: 'bob is typing…' }).isVisible()).toBe(true)
    // Only my own messages can be edited or deleted.
    const theirs = log.locator('[data-id="d1"]')
    expect(await theirs.getByRole('button', { name: 'Edit' }).count()).toBe(0)

    await theirs.getByRole('button', { name: 'Reply' }).click()
    await mine.getByRole('button', { name: 'Edit' }).click()
    await mine.getByRole('button', { name: 'Delete' }).click()
    await theirs.getByRole('button', { name: 'React', exact: true }).click()
    await theirs.getByRole('button', { name: 'React 👍' }).click()
    await mine.getByRole('button', { name: '🎉 1' }).click()
    await mine.getByRole('button', { name: '👍 2' }).click()
    expect(await callsTo(page, 'timeline')).toEqual([
      { action: 'reply', args: ['d1'] },
      { action: 'edit', args: ['d2'] },
      { action: 'remove', args: ['d2'] },
      { action: 'react', args: ['d1', '👍'] },
      { action: 'react', args: ['d2', '🎉'] }
    ])
    expect(await theirs.getByRole('button', { name: 'React 👍' }).count()).toBe(0)

    await gallery(page, 'patch', 'composer', { replyTo: { id: 'd1', author: 'bob', text: 'lunch?' } })
    expect(await page.getByRole('status').filter({ hasText: 'Replying to bob' }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Cancel reply' }).click()
    expect((await callsTo(page, 'composer')).map(c => c.action)).toEqual(['cancel'])

    // Where messages take no actions (private rooms, for now), none are offered.
    await gallery(page, 'patch', 'timeline', { actions: false })
    expect(await theirs.getByRole('button', { name: /^(Reply|React|Edit|Delete)$/ }).count()).toBe(0)
    expect(await mine.getByRole('button', { name: /^(Reply|React|Edit|Delete)$/ }).count()).toBe(0)
    await page.close()
  })

  it('verifies a DM contact on a phone: 12 groups, a QR code, Mark as verified, Block, scanning their code', async () => {
    const page = await open({ width: 375, height: 667 })
    await gallery(page, 'chat', dm())
    await page.getByRole('button', { name: 'Verify' }).click()
    await page.getByRole('button', { name: 'Mute' }).click()
    expect((await callsTo(page, 'header')).map(c => c.action)).toEqual(['openVerification', 'toggleMute'])

    await gallery(page, 'patch', 'header', { verification: SAFETY })
    const dialog = page.getByRole('dialog', { name: 'Verify bob' })
    const groups = dialog.getByRole('list', { name: 'Safety number' }).getByRole('listitem')
    expect(await groups.allTextContents()).toEqual(SAFETY.groups)
    const qr = dialog.getByRole('img', { name: 'Safety number code for bob' })
    expect(await qr.evaluate(el => el.tagName.toLowerCase())).toBe('svg')
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d/)
    const box = await dialog.boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(375)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

    await dialog.getByRole('button', { name: 'Mark as verified' }).click()
    await dialog.getByRole('button', { name: 'Block' }).click()
    await gallery(page, 'patch', 'header', { verified: true, muted: true, verification: { ...SAFETY, verified: true, blocked: true } })
    expect(await dialog.getByRole('button', { name: 'Mark as verified' }).count()).toBe(0)
    await dialog.getByRole('button', { name: 'Unblock' }).click()
    await dialog.getByRole('button', { name: 'Close' }).click()
    expect((await callsTo(page, 'header')).slice(2)).toEqual([
      { action: 'markVerified', args: [] },
      { action: 'setBlocked', args: [true] },
      { action: 'setBlocked', args: [false] },
      { action: 'closeVerification', args: [] }
    ])
    const title = page.locator('.conversation-header')
    expect(await title.getByText('verified').isVisible()).toBe(true)
    expect(await title.getByRole('button', { name: 'Unmute' }).isVisible()).toBe(true)

    // Scanning their code: the camera takes the QR code's place; a mismatch is an alert, a match a status.
    await gallery(page, 'patch', 'header', { verified: false, verification: { ...SAFETY, scanning: false, scan: { outcome: 'mismatch', message: 'This code does not match.' } } })
    expect(await dialog.getByRole('alert').textContent()).toBe('This code does not match.')
    await dialog.getByRole('button', { name: 'Scan their code' }).click()
    await gallery(page, 'patch', 'header', { verification: { ...SAFETY, scanning: true } })
    expect(await dialog.getByRole('img', { name: 'Safety number code for bob' }).count()).toBe(0)
    await dialog.getByRole('button', { name: 'Stop scanning' }).click()
    await gallery(page, 'patch', 'header', { verified: true, verification: { ...SAFETY, verified: true, scanning: false, scan: { outcome: 'match', message: 'The codes match.' } } })
    expect(await dialog.getByRole('status').filter({ hasText: 'The codes match.' }).count()).toBe(1)
    expect(await dialog.getByRole('alert').count()).toBe(0)
    expect((await callsTo(page, 'header')).slice(6).map(c => c.action)).toEqual(['startScan', 'cancelScan'])
    await page.close()
  })

  it('lists room members to message, invites contacts into a private room, and starts chats from the sidebar', async () => {
    const page = await open({ width: 375, height: 667 })
    const base = chat('conversation')
    await gallery(page, 'chat', {
      ...base,
      conversation: {
        ...base.conversation!,
        title: 'team',
        header: {
          title: 'team',
          kind: 'private-room',
          muted: false,
          verified: false,
          membersOpen: true,
          members: [
            { id: 'peer-me', nickname: 'alice', fingerprint: 'a1b2 c3d4', self: true },
            { id: 'peer-carol', nickname: 'carol', fingerprint: '9999 8888', self: false }
          ],
          inviting: [{ id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718' }]
        }
      }
    })
    const members = page.getByRole('region', { name: 'Members' })
    expect(await members.getByRole('button', { name: /^Message/ }).count()).toBe(1)
    await members.getByRole('button', { name: 'Message carol' }).click()
    await page.getByRole('region', { name: 'Invite a contact' }).getByRole('button', { name: 'Invite bob' }).click()
    await page.getByRole('button', { name: 'Members' }).click()
    expect(await callsTo(page, 'header')).toEqual([
      { action: 'messageMember', args: ['peer-carol'] },
      { action: 'invite', args: ['peer-bob'] },
      { action: 'toggleMembers', args: [] }
    ])
    for (const control of [page.getByRole('button', { name: 'Invite bob' }), page.getByRole('button', { name: 'Message carol' })]) {
      const rect = await control.boundingBox()
      expect(rect!.x + rect!.width).toBeLessThanOrEqual(375)
    }

    await page.getByRole('button', { name: 'Back to conversations' }).click()
    await gallery(page, 'chat', { ...chat('list'), pane: 'list' })
    await gallery(page, 'patch', 'sidebar', { invites: [{ conversationId: 'private:cd34', name: 'secret', from: 'bob', fingerprint: 'e5f6 0718' }] })
    await page.getByRole('textbox', { name: 'Peer ID' }).fill('12D3KooWcarol')
    await gallery(page, 'patch', 'sidebar', { peer: { value: '12D3KooWcarol', busy: false } })
    await page.getByRole('button', { name: 'Start chat' }).click()
    await page.getByRole('textbox', { name: 'New private room' }).fill('plans')
    await gallery(page, 'patch', 'sidebar', { privateRoom: { value: 'plans', busy: false, error: 'Creating the room failed: offline' } })
    expect(await page.getByRole('alert').textContent()).toContain('offline')
    await page.getByRole('button', { name: 'Create private room' }).click()
    await page.getByRole('button', { name: 'Accept secret' }).click()
    await gallery(page, 'patch', 'sidebar', { requests: [{ peerId: '12D3KooWdave', from: 'dave', fingerprint: 'd4v3 0000', count: 2, preview: 'hello? it is dave' }] })
    expect(await page.getByRole('region', { name: 'Message requests' }).getByText('hello? it is dave (2 messages)').isVisible()).toBe(true)
    for (const answer of ['Accept', 'Block', 'Delete']) await page.getByRole('button', { name: `${answer} dave`, exact: true }).click()
    expect(await page.getByLabel('Your peer ID').textContent()).toBe('12D3KooWAlice')
    await page.getByRole('textbox', { name: 'Peer address' }).fill('/ip4/127.0.0.1/tcp/1/ws/p2p/x')
    await gallery(page, 'patch', 'sidebar', { peerAddress: { value: '/ip4/127.0.0.1/tcp/1/ws/p2p/x', busy: false } })
    await page.getByRole('button', { name: 'Connect' }).click()
    expect(await callsTo(page, 'sidebar')).toEqual([
      { action: 'setPeerId', args: ['12D3KooWcarol'] },
      { action: 'startDm', args: [] },
      { action: 'setPrivateRoomName', args: ['plans'] },
      { action: 'createPrivateRoom', args: [] },
      { action: 'acceptInvite', args: ['private:cd34'] },
      { action: 'acceptRequest', args: ['12D3KooWdave'] },
      { action: 'blockRequest', args: ['12D3KooWdave'] },
      { action: 'deleteRequest', args: ['12D3KooWdave'] },
      { action: 'setPeerAddress', args: ['/ip4/127.0.0.1/tcp/1/ws/p2p/x'] },
      { action: 'connect', args: [] }
    ])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await page.close()
  })
})
