/**
 * Browser notifications for messages that arrive while the tab is hidden. The app view model
 * decides when (not own, tab hidden, and the conversation's notification level from Settings: all,
 * mentions only, none; settings-backend.ts); this decides how.
 */

import { displayName, displayText } from '@parley/node'

/** What the app needs to notify the user. */
export interface Notifier {
  /** The tab is not visible. */
  hidden(): boolean
  show(title: string, body: string, onClick: () => void): void
  /** Asks for permission if the user has not decided yet; never throws. */
  requestPermission(): void
}

/** The Notification API; a no-op where it does not exist or permission is refused. */
export function browserNotifier (): Notifier {
  const supported = typeof Notification !== 'undefined'
  return {
    hidden: () => document.visibilityState === 'hidden',
    show (title, body, onClick) {
      if (!supported || Notification.permission !== 'granted') {
        return
      }
      // Remote names and text, shown by the system: controls and bidi overrides made visible, as in the app.
      const n = new Notification(displayName(title), { body: displayText(body.slice(0, 200)), tag: title })
      n.onclick = () => {
        window.focus()
        onClick()
        n.close()
      }
    },
    requestPermission () {
      if (supported && Notification.permission === 'default') {
        Notification.requestPermission().catch(() => { /* the user can still chat without */ })
      }
    }
  }
}
