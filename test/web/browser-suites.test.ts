/**
 * Vitest-style suites run inside Chromium by the suite-runner page (packages/web/test/suite-runner),
 * for code whose real home is the browser: bootstrap addresses, local mode, @parley/crypto, and
 * the profile-store compliance suite (packages/node/test/store) on browser-level over IndexedDB,
 * the same suite classic-level passes in Node, and the app's PeerBackend: the ChatBackend contract
 * MemoryBackend passes in Node, profiles, sealing, one tab per profile, typed errors. Store cases that need a capability IndexedDB lacks
 * (the exclusive lock) are reported as skipped by the suite itself.
 */
import { describe, expect, it } from 'vitest'
import { pageUnderTest } from './support/page-under-test.js'
import type { SuiteResult, SuitesWindow } from './support/suites-api.js'

/** Names of the store suite's cases start with its describe block (history-store-suite.ts). */
const STORE_SUITE = 'profile store on browser-level > '
/** Store cases that pass on browser-level: all but the one needing an exclusive lock. */
const MIN_STORE_PASSED = 34
/** The same suite on a profile sealed under a passphrase: all but the exclusive lock and the id order of ties. */
const SEALED_STORE_SUITE = 'profile store on browser-level, sealed under a passphrase > '
const MIN_SEALED_STORE_PASSED = 33
/** Cases of the ChatBackend contract (packages/web/test/contract), run here on PeerBackend. */
const CONTRACT = 'ChatBackend contract on PeerBackend > '
const CONTRACT_CASES = 15

const web = pageUnderTest('test/suite-runner', {
  vitest: 'test/suite-runner/vitest-shim.ts',
  '@parley/crypto': '../crypto/src/index.ts',
  '@parley/node/browser': '../node/src/browser/index.ts'
})


describe('suites in Chromium', () => {
  it('pass in the browser: bootstrap addresses, local mode, @parley/crypto, the profile store and the ChatBackend contract', async () => {
    const { page } = await web.chromium.newPage()
    page.on('console', (msg) => { if (msg.type() === 'info') console.info(`[chromium] ${msg.text()}`) })
    await page.goto(web.url)
    await page.waitForFunction(() => (window as unknown as Partial<SuitesWindow>).suites != null, undefined, { timeout: 10_000 })
    const results: SuiteResult[] = await page.evaluate(async () => (window as unknown as SuitesWindow).suites.run())
    const failed = results.filter(r => r.state === 'failed')
    for (const f of failed) {
      console.error(`[chromium] ${f.name}\n${f.error ?? ''}`)
    }
    const store = results.filter(r => r.name.startsWith(STORE_SUITE))
    const storePassed = store.filter(r => r.state === 'passed').length
    const storeSkipped = store.filter(r => r.state === 'skipped')
    console.info(`[chromium] profile store on browser-level: ${storePassed} of ${store.length} cases passed, ${storeSkipped.length} skipped`)
    for (const skipped of storeSkipped) console.info(`[chromium] skipped: ${skipped.name}`)
    expect(failed.map(f => f.name)).toEqual([])
    expect(storePassed).toBeGreaterThanOrEqual(MIN_STORE_PASSED)
    const sealed = results.filter(r => r.name.startsWith(SEALED_STORE_SUITE))
    console.info(`[chromium] profile store sealed under a passphrase: ${sealed.filter(r => r.state === 'passed').length} of ${sealed.length} cases passed`)
    expect(sealed.filter(r => r.state === 'passed').length).toBeGreaterThanOrEqual(MIN_SEALED_STORE_PASSED)
    expect(results.filter(r => r.name.startsWith(CONTRACT) && r.state === 'passed')).toHaveLength(CONTRACT_CASES)
    expect(results.filter(r => r.state === 'passed').length).toBeGreaterThanOrEqual(19 + MIN_STORE_PASSED + CONTRACT_CASES + 3 /* PeerBackend */)
    await page.close()
  }, 240_000)
})
