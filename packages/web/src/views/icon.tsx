import { h } from 'preact'
import type { IconNode } from 'lucide'

/**
 * An icon of the Lucide set (the `lucide` package's icon data), drawn as inline SVG in the text's
 * colour. Icons are decoration: `aria-hidden`, so the button or label around one names it
 * (`aria-label`, or text beside it). No emoji glyphs: a system without an emoji font shows those
 * as empty boxes.
 */
export function Icon ({ icon, size = 16 }: { icon: IconNode, size?: number }): preact.JSX.Element {
  return (
    <svg class='icon' width={size} height={size} viewBox='0 0 24 24' fill='none' stroke='currentColor' stroke-width='2'
      stroke-linecap='round' stroke-linejoin='round' aria-hidden='true' focusable='false'>
      {icon.map(([tag, attrs], i) => h(tag, { key: i, ...attrs }))}
    </svg>
  )
}
