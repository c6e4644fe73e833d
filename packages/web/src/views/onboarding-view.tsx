import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the onboarding form shows. */
export interface OnboardingSnapshot {
  /** `create`: a new profile; `unlock`: a profile sealed under a passphrase exists. */
  mode: 'create' | 'unlock'
  nickname: string
  passphrase: string
  /** The passphrase typed a second time (create mode). */
  confirm: string
  busy: boolean
  /** A message for the user, when the last attempt failed or the input is not valid. */
  error?: string
}

/** What the onboarding form can ask for. */
export interface OnboardingActions {
  setNickname(value: string): void
  setPassphrase(value: string): void
  setConfirm(value: string): void
  submit(): void
}

/** The onboarding form's view model. */
export type OnboardingViewModel = ViewModel<OnboardingSnapshot> & OnboardingActions

/** First run (choose a nickname, optionally a passphrase) or unlock of a sealed profile. */
export function OnboardingView ({ vm, onRestore }: { vm: OnboardingViewModel, onRestore?: () => void }): preact.JSX.Element {
  const s = useViewModel(vm)
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    vm.submit()
  }
  return (
    <main class='onboarding'>
      <form class='card' onSubmit={onSubmit} aria-busy={s.busy}>
        <h1>Parley</h1>
        {s.mode === 'create'
          ? <CreateFields s={s} vm={vm} />
          : <UnlockFields s={s} vm={vm} />}
        {s.error != null && <p class='error' role='alert'>{s.error}</p>}
        <button type='submit' disabled={s.busy}>{s.mode === 'create' ? 'Start chatting' : 'Unlock'}</button>
        {s.mode === 'create' && onRestore != null && <button type='button' class='secondary' disabled={s.busy} onClick={onRestore}>Restore from backup</button>}
      </form>
    </main>
  )
}

function CreateFields ({ s, vm }: { s: OnboardingSnapshot, vm: OnboardingActions }): preact.JSX.Element {
  return (
    <>
      <p>Choose the name others see. It is not unique: people tell you apart by your key's fingerprint.</p>
      <label>
        Nickname
        <input type='text' name='nickname' autocomplete='nickname' maxLength={64} value={s.nickname} onInput={e => { vm.setNickname(e.currentTarget.value) }} />
      </label>
      <label>
        Passphrase (optional)
        <input type='password' name='passphrase' autocomplete='new-password' value={s.passphrase} onInput={e => { vm.setPassphrase(e.currentTarget.value) }} />
      </label>
      {s.passphrase !== '' && (
        <label>
          Repeat passphrase
          <input type='password' name='confirm' autocomplete='new-password' value={s.confirm} onInput={e => { vm.setConfirm(e.currentTarget.value) }} />
        </label>
      )}
      {s.passphrase === '' && (
        <p class='warning'>Without a passphrase your secret key, contacts, rooms and messages are stored unencrypted in this browser: anyone using this browser profile can read them.</p>
      )}
    </>
  )
}

function UnlockFields ({ s, vm }: { s: OnboardingSnapshot, vm: OnboardingActions }): preact.JSX.Element {
  return (
    <>
      {s.nickname === ''
        ? <p>Welcome back. This profile is sealed: enter your passphrase to open it.</p>
        : <p>Welcome back, <strong>{s.nickname}</strong>. Your key is sealed: enter your passphrase to open it.</p>}
      <label>
        Passphrase
        <input type='password' name='passphrase' autocomplete='current-password' value={s.passphrase} onInput={e => { vm.setPassphrase(e.currentTarget.value) }} />
      </label>
    </>
  )
}
