import { Mic, Paperclip, Square } from 'lucide'
import { useRef } from 'preact/hooks'
import { Icon } from './icon.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { ProgressBar } from './file-view.js'
import { showName } from './show-text.js'
import type { FilesViewModel } from './file-types.js'

/** Beside the composer: attach a file, record a voice note, and the progress of what is being sent. */
export function AttachView ({ vm }: { vm: FilesViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const input = useRef<HTMLInputElement>(null)
  const onChange = (e: Event): void => {
    const el = e.currentTarget as HTMLInputElement
    vm.attach([...(el.files ?? [])])
    el.value = ''
  }
  return (
    <div class='attach'>
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      {s.uploads.map((u) => <ProgressBar key={u.key} label={`Sending ${showName(u.name)}`} percent={u.percent} />)}
      <input ref={input} type='file' multiple hidden onChange={onChange} />
      <button type='button' aria-label='Attach file' title='Attach file' onClick={() => { input.current?.click() }}><Icon icon={Paperclip} /></button>
      {s.canRecord && (s.recording
        ? <button type='button' class='recording' aria-label='Stop recording' title='Stop recording' onClick={() => { vm.stopRecording() }}><Icon icon={Square} /></button>
        : <button type='button' aria-label='Record voice note' title='Record voice note' onClick={() => { vm.startRecording() }}><Icon icon={Mic} /></button>)}
    </div>
  )
}

/** The files a drop or a paste carries (pasted text is left to the composer). */
export function transferFiles (data: DataTransfer | null): File[] {
  return [...(data?.files ?? [])]
}
