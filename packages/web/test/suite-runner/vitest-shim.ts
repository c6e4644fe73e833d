/**
 * Enough of vitest's test API to run our vitest-style suites inside a browser page: `describe`,
 * `it`/`test` (with `.skip` and `.skipIf`), the four hooks (the `beforeEach` hooks of enclosing
 * blocks run outermost first, the `afterEach` hooks innermost first), and vitest's own `expect`
 * (the `@vitest/expect` Chai plugins, as vitest assembles them, `.resolves`/`.rejects` included).
 * The suite-runner page is bundled with `vitest` aliased to this module, so a compliance suite written once for Node runs unchanged in
 * Chromium on browser-only backends such as browser-level.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  chai,
  getState,
  setState
} from '@vitest/expect'
import type { ExpectStatic } from '@vitest/expect'

chai.use(JestExtend)
chai.use(JestChaiExpect)
chai.use(ChaiStyleAssertions)
chai.use(JestAsymmetricMatchers)

type Fn = () => unknown
type Hook = 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach'

interface Block {
  name: string
  hooks: Record<Hook, Fn[]>
  children: Array<Block | Case>
}

interface Case {
  name: string
  fn?: Fn
  timeout: number
}

/** The outcome of one test. */
export interface CaseResult {
  name: string
  state: 'passed' | 'failed' | 'skipped'
  error?: string
  ms: number
}

const DEFAULT_TIMEOUT = 30_000

function block (name: string): Block {
  return { name, hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] }, children: [] }
}

const root = block('')
let current = root

/** vitest's `expect`, counting assertions as vitest does. */
export const expect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect)
  setState({ assertionCalls: assertionCalls + 1 }, expect)
  return chai.expect(value, message)
}) as unknown as ExpectStatic
Object.assign(expect, chai.expect)
Object.assign(expect, (globalThis as Record<symbol, unknown>)[ASYMMETRIC_MATCHERS_OBJECT])
expect.getState = () => getState(expect)
expect.setState = (state) => { setState(state, expect) }
setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null }, expect)
;(globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect

/** Groups tests; `fn` runs now, registering them. */
export function describe (name: string, fn: () => void): void {
  const parent = current
  const child = block(name)
  parent.children.push(child)
  current = child
  try {
    fn()
  } finally {
    current = parent
  }
}

/** Registers a test. */
export function it (name: string, fn?: Fn, timeout = DEFAULT_TIMEOUT): void {
  current.children.push({ name, fn, timeout })
}
it.skip = (name: string, _fn?: Fn, _timeout?: number): void => { current.children.push({ name, timeout: 0 }) }
/** `it.skipIf(condition)(name, fn)`: registers the test, skipped when `condition` holds (reported, not dropped). */
it.skipIf = (condition: unknown): typeof it.skip => (condition ? it.skip : it)
describe.skip = (name: string): void => { current.children.push({ name, timeout: 0 }) }
export const test = it

export function beforeAll (fn: Fn): void { current.hooks.beforeAll.push(fn) }
export function afterAll (fn: Fn): void { current.hooks.afterAll.push(fn) }
export function beforeEach (fn: Fn): void { current.hooks.beforeEach.push(fn) }
export function afterEach (fn: Fn): void { current.hooks.afterEach.push(fn) }

async function withTimeout (fn: Fn, ms: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`${what} timed out after ${ms} ms`)) }, ms)
  })
  try {
    await Promise.race([Promise.resolve().then(fn), timeout])
  } finally {
    clearTimeout(timer)
  }
}

function describeError (err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err)
}

async function runBlock (b: Block, path: string[], eachChain: Block[], results: CaseResult[]): Promise<void> {
  const chain = [...eachChain, b]
  const names = b.name === '' ? path : [...path, b.name]
  try {
    for (const hook of b.hooks.beforeAll) await withTimeout(hook, DEFAULT_TIMEOUT, 'beforeAll')
  } catch (err) {
    results.push({ name: [...names, '(beforeAll)'].join(' > '), state: 'failed', error: describeError(err), ms: 0 })
    return
  }
  for (const child of b.children) {
    if ('children' in child) {
      await runBlock(child, names, chain, results)
    } else {
      results.push(await runCase(child, names, chain))
    }
  }
  try {
    for (const hook of b.hooks.afterAll) await withTimeout(hook, DEFAULT_TIMEOUT, 'afterAll')
  } catch (err) {
    results.push({ name: [...names, '(afterAll)'].join(' > '), state: 'failed', error: describeError(err), ms: 0 })
  }
}

async function runCase (c: Case, path: string[], chain: Block[]): Promise<CaseResult> {
  const name = [...path, c.name].join(' > ')
  if (c.fn == null) {
    return { name, state: 'skipped', ms: 0 }
  }
  const start = performance.now()
  let error: string | undefined
  try {
    for (const b of chain) for (const hook of b.hooks.beforeEach) await withTimeout(hook, c.timeout, 'beforeEach')
    await withTimeout(c.fn, c.timeout, 'test')
  } catch (err) {
    error = describeError(err)
  }
  for (const b of [...chain].reverse()) {
    for (const hook of b.hooks.afterEach) {
      try {
        await withTimeout(hook, c.timeout, 'afterEach')
      } catch (err) {
        error ??= describeError(err)
      }
    }
  }
  return { name, state: error == null ? 'passed' : 'failed', error, ms: Math.round(performance.now() - start) }
}

/** Runs every registered test, in order, and reports each one's outcome. */
export async function runRegistered (): Promise<CaseResult[]> {
  const results: CaseResult[] = []
  await runBlock(root, [], [], results)
  return results
}
