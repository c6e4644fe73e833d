import { MAX_NICKNAME_LENGTH, MIN_PASSPHRASE_LENGTH } from '../app/constants.js'
import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, Me } from '../app/chat-backend.js'
import type { OnboardingSnapshot, OnboardingViewModel as OnboardingVM } from '../views/onboarding-view.js'

/**
 * Creates a profile (nickname, optional passphrase) or unlocks a sealed one, then hands the
 * opened identity to `onOpen`.
 */
export class OnboardingViewModel extends BaseViewModel<OnboardingSnapshot> implements OnboardingVM {
  private readonly backend: ChatBackend
  private readonly onOpen: (me: Me) => void

  constructor (backend: ChatBackend, mode: OnboardingSnapshot['mode'], nickname: string, onOpen: (me: Me) => void) {
    super({ mode, nickname, passphrase: '', confirm: '', busy: false })
    this.backend = backend
    this.onOpen = onOpen
  }

  setNickname (value: string): void {
    this.update({ nickname: value, error: undefined })
  }

  setPassphrase (value: string): void {
    this.update({ passphrase: value, error: undefined })
  }

  setConfirm (value: string): void {
    this.update({ confirm: value, error: undefined })
  }

  submit (): void {
    const s = this.getSnapshot()
    if (s.busy) {
      return
    }
    const invalid = s.mode === 'create' ? this.invalidCreate(s) : (s.passphrase === '' ? 'Enter your passphrase.' : undefined)
    if (invalid != null) {
      this.update({ error: invalid })
      return
    }
    this.update({ busy: true, error: undefined })
    const opening = s.mode === 'create'
      ? this.backend.createProfile({ nickname: s.nickname.trim(), passphrase: s.passphrase === '' ? undefined : s.passphrase })
      : this.backend.unlock(s.passphrase)
    opening.then((me) => {
      this.update({ busy: false, passphrase: '', confirm: '' })
      this.onOpen(me)
    }, (err: unknown) => {
      this.update({ busy: false, error: errorText(err, s.mode === 'create' ? 'Creating your profile' : 'Unlocking') })
    })
  }

  private invalidCreate (s: OnboardingSnapshot): string | undefined {
    const nickname = s.nickname.trim()
    if (nickname === '') {
      return 'Choose a nickname.'
    }
    if ([...nickname].length > MAX_NICKNAME_LENGTH) {
      return `A nickname has at most ${MAX_NICKNAME_LENGTH} characters.`
    }
    if (s.passphrase !== '' && [...s.passphrase].length < MIN_PASSPHRASE_LENGTH) {
      return `A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters (or leave it empty).`
    }
    if (s.passphrase !== '' && s.passphrase !== s.confirm) {
      return 'The two passphrases differ.'
    }
    return undefined
  }
}
