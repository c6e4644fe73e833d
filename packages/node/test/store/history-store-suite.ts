import { afterEach, beforeEach, describe } from 'vitest'
import { historyCases } from './suite/history-cases.js'
import { kvTransactionCases } from './suite/kv-transaction-cases.js'
import { lifecycleCases } from './suite/lifecycle-cases.js'
import { validationCases } from './suite/validation-cases.js'
import type { ProfileStore } from '../../src/store/index.js'

/**
 * The profile-store compliance suite: one suite run against every backend
 * (classic-level in Node here; browser-level in Chromium by the web tests).
 * `open` makes a fresh, empty store; `cleanup` closes it (if still open) and
 * removes whatever it left behind.
 */
export function historyStoreSuite (name: string, open: () => Promise<{ store: ProfileStore, cleanup: () => Promise<void> }>): void {
  describe(`profile store on ${name}`, () => {
    let store: ProfileStore | undefined
    let cleanup: (() => Promise<void>) | undefined

    beforeEach(async () => {
      ({ store, cleanup } = await open())
    })

    afterEach(async () => {
      await cleanup?.()
      store = undefined
      cleanup = undefined
    })

    const current = (): ProfileStore => {
      if (store === undefined) throw new Error('no store is open')
      return store
    }
    historyCases(current)
    validationCases(current)
    kvTransactionCases(current)
    lifecycleCases(current)
  })
}
