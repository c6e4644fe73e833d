import { useViewModel } from '../view-model/use-view-model.js'
import type { ExportFormat } from '../app/archive-backend.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the conversation's "Export" menu shows. */
export interface ExportSnapshot {
  open: boolean
  busy: boolean
  error?: string
  done?: string
}

/** What the "Export" menu can ask for. */
export interface ExportActions {
  toggle(): void
  export(format: ExportFormat): void
}

/** The "Export" menu's view model. */
export type ExportViewModel = ViewModel<ExportSnapshot> & ExportActions

const FORMATS: Array<{ format: ExportFormat, label: string }> = [
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'Web page (HTML)' },
  { format: 'json', label: 'JSON' }
]

/** Exports the open conversation, to read outside the app. */
export function ExportView ({ vm }: { vm: ExportViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  return (
    <span class='export-menu'>
      <button type='button' aria-expanded={s.open} aria-haspopup='menu' onClick={() => { vm.toggle() }}>Export</button>
      {s.open && (
        <span class='menu' role='menu' aria-label='Export as'>
          {FORMATS.map(f => (
            <button key={f.format} type='button' role='menuitem' disabled={s.busy} onClick={() => { vm.export(f.format) }}>{f.label}</button>
          ))}
        </span>
      )}
      {s.error != null && <span class='error' role='alert'>{s.error}</span>}
      {s.done != null && <span class='notice' role='status'>{s.done}</span>}
    </span>
  )
}
