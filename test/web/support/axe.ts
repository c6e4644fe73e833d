/**
 * axe-core (Deque's accessibility engine) run inside a playwright page against the WCAG 2.1 A and
 * AA rules. The engine's source is evaluated through the DevTools protocol, which the page's
 * Content-Security-Policy (no inline script) does not govern, so the app is checked exactly as it
 * ships. Violations come back as plain data with a readable report, so a failing test says which
 * rule, which element and what to fix.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type { AxeResults, RunOptions } from 'axe-core'

/** The rule sets checked: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const

/** axe-core's browser bundle, read once. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One element that breaks a rule. */
export interface AxeNode {
  /** CSS selectors locating the element (one per nested frame or shadow root). */
  target: string[]
  /** The element's opening tag, shortened by axe. */
  html: string
  /** axe's "Fix any of the following / all of the following" text, e.g. the measured contrast. */
  summary: string
}

/** One rule broken by one or more elements. */
export interface AxeViolation {
  /** The rule's id, e.g. `color-contrast`, `label`, `button-name`. */
  id: string
  impact: string
  /** What the rule asks for, in a sentence. */
  help: string
  helpUrl: string
  nodes: AxeNode[]
}

/** What part of the page to check; both take CSS selectors. */
export interface AxeScope {
  include?: string[]
  exclude?: string[]
}

/** A page with WCAG 2.1 A/AA violations; the message lists every one of them. */
export class AccessibilityViolationError extends Error {
  static override name = 'AccessibilityViolationError'
  constructor (readonly where: string, readonly violations: AxeViolation[]) {
    super(`${where}: ${violations.length} WCAG 2.1 A/AA violation(s)\n${describeViolations(violations)}`)
    this.name = 'AccessibilityViolationError'
  }
}

/**
 * Runs axe-core on `page` (injecting it on first use in each document) with the
 * {@link WCAG_TAGS} rules and returns the violations, empty when there are none.
 */
export async function axeViolations (page: Page, scope: AxeScope = {}): Promise<AxeViolation[]> {
  const injected = await page.evaluate(() => 'axe' in window)
  if (!injected) await page.evaluate(AXE_SOURCE)
  const options: RunOptions = { runOnly: { type: 'tag', values: [...WCAG_TAGS] }, resultTypes: ['violations'] }
  const results = await page.evaluate(async ({ include, exclude, runOptions }) => {
    const engine = (window as unknown as { axe: { run: (context: unknown, o: unknown) => Promise<AxeResults> } }).axe
    const context = { include: include ?? [['html']], exclude: (exclude ?? []).map((s) => [s]) }
    const r = await engine.run(context, runOptions)
    // Only plain data crosses back from the page.
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map((t) => Array.isArray(t) ? t.join(' >>> ') : String(t)), html: n.html, summary: n.failureSummary ?? '' }))
    }))
  }, { include: scope.include?.map((s) => [s]), exclude: scope.exclude, runOptions: options })
  return results
}

/** A readable report of `violations`: one paragraph per rule, one line per element. */
export function describeViolations (violations: AxeViolation[]): string {
  return violations.map((v) => [
    `[${v.id}] (${v.impact}) ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map((n) => `  at ${n.target.join(' ')}  ${n.html}\n    ${n.summary.replace(/:\n\s*/g, ': ').replace(/\n\s*/g, '; ')}`)
  ].join('\n')).join('\n\n')
}

/**
 * Throws an {@link AccessibilityViolationError} naming `where` (e.g. "room view, dark") when axe
 * finds a WCAG 2.1 A/AA violation on `page`.
 */
export async function expectAccessible (page: Page, where: string, scope: AxeScope = {}): Promise<void> {
  const violations = await axeViolations(page, scope)
  if (violations.length > 0) throw new AccessibilityViolationError(where, violations)
}
