/**
 * An owned room under its header: the topic, the pinned message and the next event (with an
 * answer), the owner's and moderators' tools (topic, event, report queue, directory listing),
 * and the dialogs they open. Open rooms show nothing here.
 */
import { useState } from 'preact/hooks'
import { useViewModel } from '../view-model/use-view-model.js'
import { Dialog } from './menu.js'
import { RemoteName, RemoteText } from './remote-text.js'
import { showName } from './show-text.js'
import type { EventEntry, ReportDraft, ReportEntry, RoomModerationActions, RoomModerationViewModel } from './community-types.js'

export function RoomHeaderView ({ vm }: { vm: RoomModerationViewModel }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  if (!s.owned) return null
  const moderating = s.role !== 'member'
  return (
    <section class='room-info' aria-label='About this room'>
      <p class='topic'>{s.topic === '' ? <span class='empty'>No topic</span> : <>Topic: <RemoteText text={s.topic} /></>}</p>
      {s.pin != null && (
        <p class='pinned'>Pinned: {s.pin.text === '' ? 'a message not loaded here' : <><RemoteName name={s.pin.author} />: <RemoteText text={s.pin.text} /></>}</p>
      )}
      {s.events.length > 0 && (
        <ul class='events' aria-label='Upcoming events'>
          {s.events.slice(0, 3).map((e, i) => <EventRow key={e.id} e={e} next={i === 0} vm={vm} />)}
        </ul>
      )}
      <span class='room-tools'>
        {moderating && <button type='button' onClick={() => { vm.openTopic() }}>Set topic</button>}
        {moderating && <button type='button' onClick={() => { vm.openSchedule() }}>Schedule event</button>}
        {moderating && (
          <button type='button' aria-expanded={s.reportsOpen} aria-controls='reports' onClick={() => { vm.toggleReports() }}>
            Reports{s.newReports > 0 ? ` (${s.newReports} new)` : ''}
          </button>
        )}
        {s.role === 'owner' && (s.listed
          ? <button type='button' onClick={() => { vm.unlist() }}>Unlist from directory</button>
          : <button type='button' onClick={() => { vm.list() }}>List in directory</button>)}
      </span>
      {moderating && s.bannedList.length > 0 && (
        <details class='banned'>
          <summary>Banned ({s.bannedList.length})</summary>
          <ul aria-label='Banned members'>
            {s.bannedList.map(b => (
              <li key={b.id}><RemoteName name={b.name} /> <button type='button' aria-label={`Unban ${showName(b.name)}`} onClick={() => { vm.unban(b.id) }}>Unban</button></li>
            ))}
          </ul>
        </details>
      )}
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      {s.notice != null && <p class='notice' role='status'>{s.notice}</p>}
      {s.reportsOpen && <ReportQueue reports={s.reports} vm={vm} />}
      {s.reporting != null && <ReportDialog draft={s.reporting} vm={vm} />}
      {s.scheduling && <ScheduleDialog vm={vm} />}
      {s.editingTopic && <TopicDialog topic={s.topic} vm={vm} />}
    </section>
  )
}

function EventRow ({ e, next, vm }: { e: EventEntry, next: boolean, vm: RoomModerationActions }): preact.JSX.Element {
  const name = showName(e.title)
  return (
    <li class='event'>
      {next ? 'Next event: ' : ''}<strong><RemoteName name={e.title} /></strong> <span class='when'>{e.when}</span>
      {e.rsvp != null && <span class='rsvp'> — you said {e.rsvp === 'yes' ? 'you are going' : 'you are not going'}</span>}
      <button type='button' aria-pressed={e.rsvp === 'yes'} aria-label={`Going to ${name}`} onClick={() => { vm.rsvp(e.id, 'yes') }}>Going</button>
      <button type='button' aria-pressed={e.rsvp === 'no'} aria-label={`Not going to ${name}`} onClick={() => { vm.rsvp(e.id, 'no') }}>Not going</button>
    </li>
  )
}

/** The moderators' queue: each report with its reason and evidence, and the actions it calls for. */
function ReportQueue ({ reports, vm }: { reports: ReportEntry[] | undefined, vm: RoomModerationActions }): preact.JSX.Element {
  return (
    <section id='reports' class='panel reports' aria-labelledby='reports-title'>
      <h2 id='reports-title'>Reports</h2>
      {reports == null
        ? <p class='notice'>Loading reports…</p>
        : reports.length === 0
          ? <p class='empty'>No reports</p>
          : (
            <ul>
              {reports.map(r => (
                <li key={r.id} class='report'>
                  <p><RemoteName name={r.from} /> reported {r.message == null ? 'member' : 'a message by'} <RemoteName name={r.who} /> <code class='fingerprint'>{r.fingerprint}</code> <span class='when'>{r.when}</span></p>
                  {r.message != null && <blockquote><RemoteText text={r.message.text} /></blockquote>}
                  <p class='reason'>Reason: <RemoteText text={r.reason} /></p>
                  {r.message != null && <button type='button' aria-label={`Remove the message reported by ${showName(r.from)}`} onClick={() => { if (r.message != null) vm.removeMessage(r.message.id) }}>Remove message</button>}
                  <button type='button' aria-label={`Ban ${showName(r.who)}`} onClick={() => { vm.ban(r.whoId) }}>Ban</button>
                </li>
              ))}
            </ul>
            )}
    </section>
  )
}

function ReportDialog ({ draft, vm }: { draft: ReportDraft, vm: RoomModerationActions }): preact.JSX.Element {
  const [reason, setReason] = useState('')
  const submit = (e: Event): void => {
    e.preventDefault()
    vm.sendReport(reason)
  }
  return (
    <Dialog id='report' title='Report to the moderators' onClose={() => { vm.cancelReport() }}>
      <p>Reporting {draft.what}. Only the room's owner and moderators receive it, end-to-end encrypted.</p>
      <form onSubmit={submit} aria-busy={draft.busy}>
        <label>Reason <textarea value={reason} maxLength={1000} required onInput={e => { setReason(e.currentTarget.value) }} /></label>
        <button type='submit' disabled={draft.busy || reason.trim() === ''}>Send report</button>
        <button type='button' onClick={() => { vm.cancelReport() }}>Cancel</button>
      </form>
    </Dialog>
  )
}

function ScheduleDialog ({ vm }: { vm: RoomModerationActions }): preact.JSX.Element {
  const [f, setF] = useState({ title: '', start: '', minutes: 60, description: '' })
  const submit = (e: Event): void => {
    e.preventDefault()
    vm.schedule(f)
  }
  return (
    <Dialog id='schedule' title='Schedule an event' onClose={() => { vm.closeSchedule() }}>
      <form onSubmit={submit}>
        <label>Title <input type='text' value={f.title} maxLength={256} required onInput={e => { setF({ ...f, title: e.currentTarget.value }) }} /></label>
        <label>Starts <input type='datetime-local' value={f.start} required onInput={e => { setF({ ...f, start: e.currentTarget.value }) }} /></label>
        <label>Duration in minutes <input type='number' min={1} value={f.minutes} required onInput={e => { setF({ ...f, minutes: Number(e.currentTarget.value) }) }} /></label>
        <label>Description <textarea value={f.description} maxLength={2048} onInput={e => { setF({ ...f, description: e.currentTarget.value }) }} /></label>
        <button type='submit'>Schedule</button>
        <button type='button' onClick={() => { vm.closeSchedule() }}>Cancel</button>
      </form>
    </Dialog>
  )
}

function TopicDialog ({ topic, vm }: { topic: string, vm: RoomModerationActions }): preact.JSX.Element {
  const [value, setValue] = useState(topic)
  const submit = (e: Event): void => {
    e.preventDefault()
    vm.setTopic(value)
  }
  return (
    <Dialog id='topic' title='Set the topic' onClose={() => { vm.closeTopic() }}>
      <form onSubmit={submit}>
        <label>Topic <input type='text' value={value} maxLength={256} onInput={e => { setValue(e.currentTarget.value) }} /></label>
        <button type='submit'>Save topic</button>
        <button type='button' onClick={() => { vm.closeTopic() }}>Cancel</button>
      </form>
    </Dialog>
  )
}
