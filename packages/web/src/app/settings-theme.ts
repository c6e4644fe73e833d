/**
 * The colour theme: light, dark or the system's. A setting of this browser, not of the profile:
 * kept in localStorage so it applies before a sealed profile is unlocked. It is shown by
 * `data-theme` on the root element, which styles.css reads over the system's preference.
 */

/** The themes offered in Settings. */
export type Theme = 'light' | 'dark' | 'system'

/** Where the theme is kept and how it is shown. */
export interface ThemeStore {
  get(): Theme
  /** Stores the theme and applies it at once. */
  set(theme: Theme): void
}

const THEME_KEY = 'parley-theme'

const isTheme = (value: unknown): value is Theme => value === 'light' || value === 'dark' || value === 'system'

/** Shows `theme` on the document (system: no attribute, the media query decides). */
export function applyTheme (theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = theme
}

/** The theme in this browser's localStorage (system where none is stored, or storage is refused). */
export function browserTheme (): ThemeStore {
  const read = (): Theme => {
    try {
      const stored = localStorage.getItem(THEME_KEY)
      return isTheme(stored) ? stored : 'system'
    } catch {
      return 'system'
    }
  }
  return {
    get: read,
    set (theme) {
      if (!isTheme(theme)) throw new RangeError(`theme must be light, dark or system, got ${String(theme)}`)
      try {
        localStorage.setItem(THEME_KEY, theme)
      } catch { /* private mode: applied for this page only */ }
      applyTheme(theme)
    }
  }
}
