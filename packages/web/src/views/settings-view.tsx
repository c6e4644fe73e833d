/**
 * Settings: a button in the sidebar and the dialog it opens, with labelled controls only (every one
 * reachable by Tab; Escape closes and focus returns to the button). Nickname; the passphrase (set,
 * change, remove; the sidebar's view model runs it); when to notify, globally and per
 * conversation; read receipts; the theme; and "Back up" with "Export all".
 */
import { useEffect, useRef } from 'preact/hooks'
import { useViewModel } from '../view-model/use-view-model.js'
import { Dialog } from './menu.js'
import { BackupView, type BackupViewModel } from './backup-view.js'
import { RemoteName } from './remote-text.js'
import { showName } from './show-text.js'
import type { SidebarViewModel } from './sidebar-view.js'
import type { ViewModel } from '../view-model/view-model.js'
import './settings.css'

/** When to notify (see settings-backend.ts). */
export type NotifyChoice = 'all' | 'mentions' | 'none'
/** A colour theme. */
export type ThemeChoice = 'light' | 'dark' | 'system'

/** One conversation's notification setting: its own level, or `default` (the global one). */
export interface ConversationNotifyEntry {
  id: string
  title: string
  level: NotifyChoice | 'default'
}

/** What the Settings dialog shows. */
export interface SettingsSnapshot {
  open: boolean
  nickname: { value: string, busy: boolean, error?: string, done?: string }
  /** Absent where the backend keeps no notification settings. */
  notifications?: { global: NotifyChoice, conversations: ConversationNotifyEntry[], error?: string }
  theme: ThemeChoice
  /** Files from contacts fetched as they arrive, up to `maxMib`; absent where the backend has no such setting. */
  autoDownload?: { contacts: boolean, maxMib: number, busy: boolean, error?: string }
  /** The calls' STUN/TURN servers as typed (one per line: URL, then a TURN server's username and password). */
  iceServers?: { text: string, busy: boolean, error?: string, done?: string }
  /** Whether reading a contact's DMs tells them (absent until read from the profile). */
  readReceipts?: { on: boolean, busy: boolean, error?: string }
}

/** What the Settings dialog can ask for. */
export interface SettingsActions {
  openSettings(): void
  close(): void
  setNickname(value: string): void
  saveNickname(): void
  setGlobalNotifications(level: NotifyChoice): void
  setConversationNotifications(conversationId: string, level: NotifyChoice | 'default'): void
  setTheme(theme: ThemeChoice): void
  setAutoDownload(change: { contacts?: boolean, maxMib?: number }): void
  setIceServersText(text: string): void
  saveIceServers(): void
  setReadReceipts(on: boolean): void
}

export type SettingsViewModel = ViewModel<SettingsSnapshot> & SettingsActions

const LEVELS: Array<{ level: NotifyChoice, label: string }> = [
  { level: 'all', label: 'All messages' },
  { level: 'mentions', label: 'Mentions only' },
  { level: 'none', label: 'None' }
]
const THEMES: Array<{ theme: ThemeChoice, label: string }> = [
  { theme: 'system', label: 'System' },
  { theme: 'light', label: 'Light' },
  { theme: 'dark', label: 'Dark' }
]

/** The Settings button and, while open, its dialog. */
export function SettingsView ({ vm, passphrase, backup }: { vm: SettingsViewModel, passphrase?: SidebarViewModel, backup?: BackupViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  return (
    <>
      <button type='button' class='settings-open' aria-haspopup='dialog' onClick={() => { vm.openSettings() }}>Settings</button>
      {s.open && (
        <Dialog id='settings' title='Settings' onClose={() => { vm.close() }}>
          <div class='settings'>
            <Nickname s={s} vm={vm} />
            {passphrase != null && <Passphrase vm={passphrase} />}
            {s.notifications != null && <Notifications n={s.notifications} vm={vm} />}
            {s.readReceipts != null && <ReadReceipts r={s.readReceipts} vm={vm} />}
            {s.autoDownload != null && <AutoDownload a={s.autoDownload} vm={vm} />}
            {s.iceServers != null && <IceServers i={s.iceServers} vm={vm} />}
            <fieldset>
              <legend>Theme</legend>
              {THEMES.map(t => (
                <label key={t.theme}><input type='radio' name='theme' value={t.theme} checked={s.theme === t.theme} onChange={() => { vm.setTheme(t.theme) }} /> {t.label}</label>
              ))}
            </fieldset>
            {backup != null && (
              <section aria-labelledby='settings-backup'>
                <h3 id='settings-backup'>Back up and export</h3>
                <BackupView vm={backup} />
              </section>
            )}
            <button type='button' onClick={() => { vm.close() }}>Close</button>
          </div>
        </Dialog>
      )}
    </>
  )
}

function Nickname ({ s, vm }: { s: SettingsSnapshot, vm: SettingsActions }): preact.JSX.Element {
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    vm.saveNickname()
  }
  return (
    <form class='settings-nickname' aria-busy={s.nickname.busy} onSubmit={onSubmit}>
      <label>Nickname <input type='text' autocomplete='nickname' value={s.nickname.value} readOnly={s.nickname.busy} onInput={e => { vm.setNickname(e.currentTarget.value) }} /></label>
      {/* aria-disabled, not disabled, while busy: a disabled button would drop the keyboard focus out of the dialog. */}
      <button type='submit' aria-disabled={s.nickname.busy} disabled={s.nickname.value.trim() === '' && !s.nickname.busy}>Save nickname</button>
      {s.nickname.error != null && <p class='error' role='alert'>{s.nickname.error}</p>}
      {s.nickname.done != null && <p role='status'>{s.nickname.done}</p>}
    </form>
  )
}

function Notifications ({ n, vm }: { n: NonNullable<SettingsSnapshot['notifications']>, vm: SettingsActions }): preact.JSX.Element {
  return (
    <fieldset class='settings-notifications'>
      <legend>Notifications</legend>
      {LEVELS.map(l => (
        <label key={l.level}><input type='radio' name='notify-global' value={l.level} checked={n.global === l.level} onChange={() => { vm.setGlobalNotifications(l.level) }} /> {l.label}</label>
      ))}
      <p class='hint'>A mention of you notifies even in a conversation set to "Mentions only" (muted); "None" is silent.</p>
      {n.conversations.length > 0 && (
        <ul aria-label='Notifications per conversation'>
          {n.conversations.map(c => (
            <li key={c.id}>
              <label>
                <RemoteName name={c.title} />
                <select aria-label={`Notifications for ${showName(c.title)}`} value={c.level} onChange={e => { vm.setConversationNotifications(c.id, e.currentTarget.value as NotifyChoice | 'default') }}>
                  <option value='default'>Default ({LEVELS.find(l => l.level === n.global)?.label})</option>
                  {LEVELS.map(l => <option key={l.level} value={l.level}>{l.label}</option>)}
                </select>
              </label>
            </li>
          ))}
        </ul>
      )}
      {n.error != null && <p class='error' role='alert'>{n.error}</p>}
    </fieldset>
  )
}

/** Whether reading a contact's DMs sends them read receipts. */
function ReadReceipts ({ r, vm }: { r: NonNullable<SettingsSnapshot['readReceipts']>, vm: SettingsActions }): preact.JSX.Element {
  return (
    <fieldset class='settings-receipts' aria-busy={r.busy}>
      <legend>Privacy</legend>
      <label><input type='checkbox' checked={r.on} onChange={e => { if (!r.busy) vm.setReadReceipts(e.currentTarget.checked) }} /> Send read receipts</label>
      <p class='hint'>When off, contacts do not learn that you read their messages (they still see that their messages arrived).</p>
      {r.error != null && <p class='error' role='alert'>{r.error}</p>}
    </fieldset>
  )
}

/** Whether files from contacts are fetched as they arrive (nothing else is, beyond thumbnails), and up to what size. */
function AutoDownload ({ a, vm }: { a: NonNullable<SettingsSnapshot['autoDownload']>, vm: SettingsActions }): preact.JSX.Element {
  return (
    <fieldset class='settings-files' aria-busy={a.busy}>
      <legend>Files</legend>
      <label><input type='checkbox' checked={a.contacts} onChange={e => { vm.setAutoDownload({ contacts: e.currentTarget.checked }) }} /> Download files from contacts automatically</label>
      <label>Up to (MiB) <input type='number' min={0} step={1} value={a.maxMib} onChange={e => { vm.setAutoDownload({ maxMib: Number(e.currentTarget.value) }) }} /></label>
      <p class='hint'>Files from anyone else, and larger ones, download only when you ask.</p>
      {a.error != null && <p class='error' role='alert'>{a.error}</p>}
    </fieldset>
  )
}

/** The STUN/TURN servers calls may use; none by default (calls then connect only where the two browsers reach each other directly). */
function IceServers ({ i, vm }: { i: NonNullable<SettingsSnapshot['iceServers']>, vm: SettingsActions }): preact.JSX.Element {
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    vm.saveIceServers()
  }
  return (
    <form class='settings-calls' aria-busy={i.busy} onSubmit={onSubmit}>
      <fieldset>
        <legend>Calls</legend>
        <label>STUN and TURN servers <textarea rows={3} value={i.text} readOnly={i.busy} placeholder='stun:stun.example.org:3478' onInput={e => { vm.setIceServersText(e.currentTarget.value) }} /></label>
        <p class='hint'>One per line; a TURN server's line goes on with its username and password. None by default: a server you name learns your address when you call.</p>
        <button type='submit' aria-disabled={i.busy}>Save servers</button>
        {i.error != null && <p class='error' role='alert'>{i.error}</p>}
        {i.done != null && <p role='status'>{i.done}</p>}
      </fieldset>
    </form>
  )
}

/** Set, change or remove the passphrase; without one, what lies in clear is said. */
function Passphrase ({ vm }: { vm: SidebarViewModel }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => {
    // "Remove passphrase" goes once it has worked: the focus it held stays in the form.
    if (document.activeElement === document.body) first.current?.focus()
  }, [s.me.sealed])
  const f = s.passphrase
  if (f == null) return null
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    if (!f.busy) vm.savePassphrase()
  }
  return (
    <fieldset class='passphrase'>
      <legend>{s.me.sealed === true ? 'Passphrase: set' : 'Passphrase: none'}</legend>
      {s.me.sealed !== true && (
        <p class='warning'>Without a passphrase your secret key, contacts, rooms and messages are stored unencrypted in this browser: anyone using this browser profile can read them.</p>
      )}
      <form onSubmit={onSubmit} aria-busy={f.busy}>
        <label>New passphrase <input ref={first} type='password' autocomplete='new-password' value={f.value} readOnly={f.busy} onInput={e => { vm.setNewPassphrase(e.currentTarget.value) }} /></label>
        <label>Repeat new passphrase <input type='password' autocomplete='new-password' value={f.confirm} readOnly={f.busy} onInput={e => { vm.setNewPassphraseConfirm(e.currentTarget.value) }} /></label>
        <button type='submit' aria-disabled={f.busy}>{s.me.sealed === true ? 'Change passphrase' : 'Set passphrase'}</button>
        {s.me.sealed === true && <button type='button' aria-disabled={f.busy} onClick={() => { if (!f.busy) vm.removePassphrase() }}>Remove passphrase</button>}
      </form>
      {f.error != null && <p class='error' role='alert'>{f.error}</p>}
      {f.done != null && <p role='status'>{f.done}</p>}
    </fieldset>
  )
}
