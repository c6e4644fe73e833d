import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the page for a profile that does not open shows. */
export interface FailedOpenSnapshot {
  /** What is wrong, in plain words. */
  problem: string
  /** The error's own words (which record, which database). */
  detail: string
  /** The browser cleared the profile: there is nothing left to export. */
  evicted: boolean
  busy: boolean
  /** "Start a new profile" was pressed once: it asks again before anything is cleared. */
  confirming: boolean
  notice?: string
  error?: string
}

/** What that page can ask for. */
export interface FailedOpenActions {
  salvage(): void
  restore(): void
  askStartOver(): void
  cancelStartOver(): void
  startOver(): void
}

/** The page's view model. */
export type FailedOpenViewModel = ViewModel<FailedOpenSnapshot> & FailedOpenActions

/** A profile that does not open: what is wrong, and the ways back. Never a blank screen. */
export function FailedOpenView ({ vm }: { vm: FailedOpenViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  return (
    <main class='onboarding failed-open'>
      <section class='card' aria-labelledby='failed-open-title' aria-busy={s.busy}>
        <h1 id='failed-open-title'>Your profile did not open</h1>
        <p role='alert'>{s.problem}</p>
        <p class='detail'><code>{s.detail}</code></p>
        <p>What you can do:</p>
        {!s.evicted && <button type='button' disabled={s.busy} onClick={() => { vm.salvage() }}>Export what can still be read</button>}
        <button type='button' disabled={s.busy} onClick={() => { vm.restore() }}>Restore from a backup</button>
        {!s.confirming && <button type='button' disabled={s.busy} onClick={() => { vm.askStartOver() }}>Start a new profile</button>}
        {s.confirming && (
          <div class='confirm' role='group' aria-label='Confirm starting over'>
            <p class='warning'>A new profile has a new peer ID: your contacts will not know it is you. The old records are kept aside in this browser, but this app will no longer open them.</p>
            <button type='button' onClick={() => { vm.startOver() }}>Yes, start a new profile</button>
            <button type='button' class='secondary' onClick={() => { vm.cancelStartOver() }}>Cancel</button>
          </div>
        )}
        {s.notice != null && <p class='notice' role='status'>{s.notice}</p>}
        {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      </section>
    </main>
  )
}
