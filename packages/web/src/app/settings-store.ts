/**
 * The notification settings of one profile, in its `settings` sublevel under `web-settings` (so a
 * sealed profile seals them too). Written at once on every change: they change by hand, rarely.
 */
import type { KeyValueStore } from '@parley/node/browser'
import type { NotificationSettings, NotifyLevel } from './settings-backend.js'

const SETTINGS_KEY = 'web-settings'
const LEVELS: readonly NotifyLevel[] = ['all', 'mentions', 'none']

const isLevel = (value: unknown): value is NotifyLevel => typeof value === 'string' && (LEVELS as readonly string[]).includes(value)

export class SettingsStore {
  readonly #kv: KeyValueStore
  #state: NotificationSettings = { global: 'all', conversations: {} }
  #saving: Promise<void> = Promise.resolve()

  constructor (kv: KeyValueStore) {
    this.#kv = kv
  }

  /** Reads the stored settings (once the profile is open); a damaged record keeps what is valid in it. */
  async reload (): Promise<void> {
    const raw = await this.#kv.get(SETTINGS_KEY)
    if (raw === undefined) return
    try {
      const parsed = JSON.parse(new TextDecoder().decode(raw)) as Partial<NotificationSettings>
      if (isLevel(parsed.global)) this.#state.global = parsed.global
      if (typeof parsed.conversations === 'object' && parsed.conversations !== null) {
        for (const [id, level] of Object.entries(parsed.conversations)) if (isLevel(level)) this.#state.conversations[id] = level
      }
    } catch { /* the defaults */ }
  }

  get (): NotificationSettings {
    return { global: this.#state.global, conversations: { ...this.#state.conversations } }
  }

  async setGlobal (level: NotifyLevel): Promise<void> {
    if (!isLevel(level)) throw new RangeError(`level must be all, mentions or none, got ${String(level)}`)
    this.#state.global = level
    await this.#save()
  }

  async setConversation (conversationId: string, level: NotifyLevel | undefined): Promise<void> {
    if (level !== undefined && !isLevel(level)) throw new RangeError(`level must be all, mentions or none, got ${String(level)}`)
    if (level === undefined) delete this.#state.conversations[conversationId]
    else this.#state.conversations[conversationId] = level
    await this.#save()
  }

  async #save (): Promise<void> {
    const bytes = new TextEncoder().encode(JSON.stringify(this.#state))
    this.#saving = this.#saving.catch(() => {}).then(async () => { await this.#kv.put(SETTINGS_KEY, bytes) })
    return this.#saving
  }
}
