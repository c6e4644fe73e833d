/**
 * An accessible menu button (WAI-ARIA menu button pattern): the button says it opens a menu and
 * whether it is open; the menu (`role=menu`) holds `menuitem`s; opening focuses the first item,
 * ArrowUp/ArrowDown/Home/End move between them, Escape closes and gives focus back to the button,
 * and so do Tab and a click elsewhere. Menus and dialogs of owned rooms use it.
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import type { ComponentChildren } from 'preact'
import { useModal } from './use-modal.js'

/** One item of a {@link MenuButton}. */
export interface MenuItem {
  label: string
  onSelect: () => void
}

/** A button (named `label`) that opens a menu of `items`; renders nothing when there are none. */
export function MenuButton ({ label, items, children }: { label: string, items: MenuItem[], children: ComponentChildren }): preact.JSX.Element | null {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    menu.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus()
    const outside = (e: MouseEvent): void => {
      if (!(menu.current?.contains(e.target as Node) ?? false) && !(button.current?.contains(e.target as Node) ?? false)) setOpen(false)
    }
    document.addEventListener('mousedown', outside)
    return () => { document.removeEventListener('mousedown', outside) }
  }, [open])
  if (items.length === 0) return null
  const close = (): void => {
    setOpen(false)
    button.current?.focus()
  }
  const onKeyDown = (e: KeyboardEvent): void => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])]
    const at = all.indexOf(document.activeElement as HTMLElement)
    const go = (i: number): void => { all[(i + all.length) % all.length]?.focus() }
    if (e.key === 'Escape') close()
    else if (e.key === 'ArrowDown') go(at + 1)
    else if (e.key === 'ArrowUp') go(at - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(all.length - 1)
    else if (e.key === 'Tab') setOpen(false)
    else return
    if (e.key !== 'Tab') e.preventDefault()
  }
  return (
    <span class='menu-button'>
      <button type='button' ref={button} aria-label={label} aria-haspopup='menu' aria-expanded={open} onClick={() => { setOpen(!open) }}>{children}</button>
      {open && (
        <div class='menu' role='menu' aria-label={label} ref={menu} onKeyDown={onKeyDown}>
          {items.map(item => (
            <button key={item.label} type='button' role='menuitem' tabIndex={-1} onClick={() => { close(); item.onSelect() }}>{item.label}</button>
          ))}
        </div>
      )}
    </span>
  )
}

/** A modal dialog labelled by its title; Escape (or `onClose`'s button) closes it; it takes focus when it opens, keeps Tab inside and gives focus back when it closes (use-modal.ts). */
export function Dialog ({ id, title, onClose, children }: { id: string, title: string, onClose: () => void, children: ComponentChildren }): preact.JSX.Element {
  const ref = useRef<HTMLDivElement>(null)
  useModal(ref, onClose)
  return (
    <div class='dialog-backdrop'>
      <div class='dialog panel' role='dialog' aria-modal='true' aria-labelledby={`${id}-title`} ref={ref}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
      </div>
    </div>
  )
}
