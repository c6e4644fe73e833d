/**
 * Keyboard behaviour every modal dialog shares (WAI-ARIA dialog pattern): focus moves into the
 * dialog when it opens; Tab and Shift+Tab cycle inside it; Escape closes it wherever focus is
 * (also when the control that had focus went away, e.g. "Mark as verified" replaced by its
 * status); and focus goes back where it was when the dialog closes, unless what closed it moved
 * focus elsewhere on purpose (a search result focuses its message).
 */
import { useLayoutEffect, useRef } from 'preact/hooks'
import type { RefObject } from 'preact'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** The controls of `root` that Tab reaches, in order. */
function focusables (root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0)
}

/** Whether `dialog` is the last modal dialog open (the one on top, which keys go to). */
function onTop (dialog: HTMLElement): boolean {
  const open = document.querySelectorAll('[role=dialog][aria-modal=true]')
  return open[open.length - 1] === dialog
}

/**
 * Makes the element `dialog` refers to behave as a modal while the calling component is mounted
 * (or while `open`, when given): `first` (else its first control) takes focus, Escape calls
 * `onClose`, Tab stays inside, and focus returns on close.
 */
export function useModal (dialog: RefObject<HTMLElement | null>, onClose: () => void, { first, open = true }: { first?: RefObject<HTMLElement | null>, open?: boolean } = {}): void {
  const close = useRef(onClose)
  close.current = onClose
  // A layout effect: the Escape listener and the focus are in place in the same commit that shows
  // the dialog, so a key pressed as soon as it is visible is not lost (a plain effect runs a frame later).
  useLayoutEffect(() => {
    if (!open) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const root = dialog.current
    if (root != null) (first?.current ?? focusables(root)[0] ?? root).focus()
    const onKeyDown = (e: KeyboardEvent): void => {
      const el = dialog.current
      if (el == null || !onTop(el) || e.defaultPrevented) return
      if (e.key === 'Escape') {
        e.preventDefault()
        close.current()
      } else if (e.key === 'Tab') {
        const all = focusables(el)
        if (all.length === 0) return
        const at = all.indexOf(document.activeElement as HTMLElement)
        const next = at === -1 ? (e.shiftKey ? all.length - 1 : 0) : e.shiftKey ? at - 1 : at + 1
        if (next < 0 || next >= all.length || at === -1) {
          e.preventDefault()
          all[(next + all.length) % all.length]?.focus()
        }
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('keydown', onKeyDown)
      // Back where it was, unless closing put focus somewhere on purpose (a chosen search result's message).
      const now = document.activeElement
      const lost = now == null || now === document.body || (root?.contains(now) ?? false)
      if (lost && before?.isConnected === true) before.focus()
    }
  }, [open])
}
