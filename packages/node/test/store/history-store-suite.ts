import { afterEach, beforeEach, describe } from 'vitest'
import { historyCases } from './suite/history-cases.js'
import { kvTransactionCases } from './suite/kv-transaction-cases.js'
import { lifecycleCases } from './suite/lifecycle-cases.js'
import { persistenceCases } from './suite/persistence-cases.js'
import { validationCases } from './suite/validation-cases.js'
import type { StoreCapabilities, StoreUnderTest } from './suite/helpers.js'

export type { StoreCapabilities, StoreUnderTest } from './suite/helpers.js'

/**
 * The profile-store compliance suite: one suite run against every backend
 * (classic-level in Node by classic-level.test.ts; browser-level in Chromium
 * by the web suite-runner page, which bundles this file, so nothing here or in
 * ./suite may import node:* modules). `open` makes a fresh, empty store;
 * `capabilities` says which backend-specific guarantees to check (a case a
 * backend cannot have is reported as skipped, never dropped).
 */
export function historyStoreSuite (name: string, open: () => Promise<StoreUnderTest>, capabilities: StoreCapabilities): void {
  describe(`profile store on ${name}`, () => {
    let opened: StoreUnderTest | undefined

    beforeEach(async () => {
      opened = await open()
    })

    afterEach(async () => {
      const cleanup = opened?.cleanup
      opened = undefined
      await cleanup?.()
    })

    const current = (): StoreUnderTest => {
      if (opened === undefined) throw new Error('no store is open')
      return opened
    }
    const store = (): StoreUnderTest['store'] => current().store
    historyCases(store, capabilities)
    validationCases(store)
    kvTransactionCases(store)
    lifecycleCases(store)
    persistenceCases(current, capabilities)
  })
}
