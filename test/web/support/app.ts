/**
 * Driving the real app (packages/web, built from the current sources) in Chromium the way a
 * person does: by the accessible names of its controls. `window.parley.backend` is read only to
 * check facts the UI does not show (the peer id, whether a connection is direct).
 */
import { afterAll, beforeAll, expect } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from '../../peer/harness.js'
import { pageUnderTest, type PageUnderTest } from './page-under-test.js'
import type { Page } from 'playwright-core'

/** The part of `window.parley` (packages/web/src/main.tsx) that tests read. */
export interface ParleyWindow {
  parley?: {
    backend: {
      peer?: {
        peerId: string
        libp2p: { getConnections(): Array<{ remotePeer: { toString(): string }, remoteAddr: { toString(): string }, limits?: unknown }> }
      }
    }
  }
}

/** What tests read from the page's backend; plain data only crosses `page.evaluate`. */
export interface PageConnection {
  peer: string
  remoteAddr: string
  /** A relayed connection has limits; a direct one has none. */
  limited: boolean
}

/** Creates a profile in the onboarding form; resolves when the chat layout shows. */
export async function onboard (page: Page, nickname: string, passphrase?: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Nickname', exact: true }).fill(nickname)
  if (passphrase !== undefined) {
    await page.getByLabel('Passphrase (optional)').fill(passphrase)
    await page.getByLabel('Repeat passphrase').fill(passphrase)
  }
  await page.getByRole('button', { name: 'Start chatting', exact: true }).click()
  await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 30_000 })
}

/** Joins a public room by name and opens it. */
export async function joinRoom (page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Room name', exact: true }).fill(name)
  await page.getByRole('button', { name: 'Join', exact: true }).click()
  await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: 10_000 })
}

/** Opens a conversation from the sidebar by its title. */
export async function openConversation (page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: title }).first().click()
  await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: 10_000 })
}

/** Types a message into the composer and presses Send. */
export async function sendMessage (page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill(text)
  await page.getByRole('button', { name: 'Send', exact: true }).click()
}

/** Waits until the open timeline shows `text` (only the timeline: a request's preview in the sidebar does not count). */
export async function expectMessage (page: Page, text: string, timeout = 20_000): Promise<void> {
  const timeline = page.getByRole('log', { name: 'Messages' })
  await timeline.getByText(text, { exact: true }).first().waitFor({ timeout })
  expect(await timeline.getByText(text, { exact: true }).count()).toBeGreaterThan(0)
}

/** The page's peer id (from its backend). */
export async function pagePeerId (page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as ParleyWindow).parley?.backend.peer?.peerId ?? '')
}

/** The page's open connections, optionally to one peer only. */
export async function pageConnections (page: Page, peer?: string): Promise<PageConnection[]> {
  return page.evaluate((only) => ((window as unknown as ParleyWindow).parley?.backend.peer?.libp2p.getConnections() ?? [])
    .filter((c) => only == null || c.remotePeer.toString() === only)
    .map((c) => ({ peer: c.remotePeer.toString(), remoteAddr: c.remoteAddr.toString(), limited: c.limits != null })), peer)
}

/** What a test file of the app gets from {@link appUnderTest}. */
export interface AppUnderTest extends PageUnderTest {
  readonly cluster: Cluster
  /** A `parley --json` peer with a WebSocket listener that serves the app; resolves with it and the app's URL. */
  servingPeer: (nick: string, args?: string[]) => Promise<{ node: ParleyProcess, url: string }>
}

/**
 * The app built from the current sources (also served statically at `url`, with no peer list),
 * Chromium (with `chromiumArgs` added), and `parley` pointed at the build ($PARLEY_WEB_DIR);
 * processes stopped after the file.
 */
export function appUnderTest (chromiumArgs: string[] = []): AppUnderTest {
  const page = pageUnderTest('.', {}, chromiumArgs)
  const cluster = new Cluster()
  beforeAll(() => { process.env.PARLEY_WEB_DIR = page.outDir })
  afterAll(async () => { await cluster.close() })
  return {
    get outDir () { return page.outDir },
    get url () { return page.url },
    get server () { return page.server },
    get chromium () { return page.chromium },
    cluster,
    servingPeer: async (nick, args = []) => {
      const node = await cluster.start(undefined, ['--nick', nick, '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--web-port', '0', ...args])
      const ready = node.events.find((e) => e.event === 'ready') as Json
      expect(ready.web).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      return { node, url: ready.web as string }
    }
  }
}
