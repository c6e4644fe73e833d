/**
 * Parley's views in real Chromium, rendered by the view gallery with snapshots handed in:
 * accessible names, the actions each control calls, and the narrow (phone) layout.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './support/build-page.js'
import { launchChromium } from './support/chromium.js'
import { gallery, waitFor } from './support/harness.js'
import { serveStatic } from './support/static-server.js'
import type { TestBrowser } from './support/chromium.js'
import type { GalleryChat, GalleryWindow } from './support/gallery-api.js'
import type { StaticServer } from './support/static-server.js'
import type { Page } from 'playwright-core'

let outDir: string
let server: StaticServer
let chromium: TestBrowser

const ONBOARDING = { mode: 'create', nickname: '', passphrase: '', confirm: '', busy: false }

function entries (count: number, from = 0): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${from + i}`,
    author: i % 2 === 0 ? 'alice' : 'bob',
    fingerprint: i % 2 === 0 ? 'a1b2 c3d4' : 'e5f6 0718',
    own: i % 2 === 1,
    text: `message number ${from + i}`,
    time: '12:00',
    iso: new Date(1_700_000_000_000 + (from + i) * 1000).toISOString()
  }))
}

function chat (pane: 'list' | 'conversation', count = 5): GalleryChat {
  return {
    pane,
    sidebar: {
      me: { nickname: 'alice', fingerprint: 'a1b2 c3d4' },
      status: 'Connected to 1 peer',
      online: true,
      joinName: '',
      joining: false,
      sections: [
        { key: 'public-room', title: 'Rooms', items: [{ id: 'room:lobby', title: 'lobby', unread: 0, muted: false, selected: true }, { id: 'room:rust', title: 'rust', unread: 3, muted: false, selected: false }] },
        { key: 'private-room', title: 'Private rooms', items: [] },
        { key: 'dm', title: 'Direct messages', items: [{ id: 'dm:bob', title: 'bob', unread: 120, muted: true, selected: false }] }
      ]
    },
    conversation: {
      title: 'lobby',
      timeline: { entries: entries(count), loadingOlder: false, complete: false },
      composer: { draft: '', sending: false, disabled: false }
    }
  }
}

async function open (size?: { width: number, height: number }): Promise<Page> {
  const { page } = await chromium.newPage(size)
  await page.goto(server.url)
  await page.waitForFunction(() => (window as unknown as Partial<GalleryWindow>).gallery != null, undefined, { timeout: 10_000 })
  return page
}

async function callsTo (page: Page, vm: string): Promise<Array<{ action: string, args: unknown[] }>> {
  return (await gallery(page, 'calls')).filter(c => c.vm === vm).map(({ action, args }) => ({ action, args }))
}

beforeAll(async () => {
  outDir = await buildPage('test/views')
  server = await serveStatic(outDir)
  chromium = await launchChromium()
})

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  if (outDir != null) {
    await rm(outDir, { recursive: true, force: true })
  }
})

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
    await waitFor('the timeline to start at the bottom', async () =>
      log.evaluate(el => el.scrollHeight - el.scrollTop - el.clientHeight < 8))
    expect((await callsTo(page, 'timeline')).length).toBe(0)

    await log.evaluate((el) => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')) })
    await waitFor('loadOlder', async () => (await callsTo(page, 'timeline')).some(c => c.action === 'loadOlder'))

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
