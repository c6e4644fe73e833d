/**
 * Suite-runner page: registers vitest-style suites (bundled with `vitest` aliased to
 * ./vitest-shim.ts) and runs them in the browser when a test in Node asks through
 * `window.suites.run()`. Suites listed here exercise browser-facing code where it really runs.
 * `@parley/crypto` and `@parley/node/browser` are bundled from their sources, as vitest runs them,
 * and the profile-store compliance suite from packages/node/test/store.
 */
import { runRegistered } from './vitest-shim.js'
import type { SuitesWindow } from '../../../../test/web/support/suites-api.js'
import '../net/bootstrap-peers.test.js'
import '../net/local-mode.test.js'
import './crypto-in-browser.suite.js'
import './store-in-browser.suite.js'
import './peer-backend.suite.js'

;(window as unknown as SuitesWindow).suites = { run: runRegistered }
