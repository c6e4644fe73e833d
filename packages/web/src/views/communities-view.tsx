/**
 * The sidebar's part of owned rooms: create a room you own, open "Explore rooms" (the directory,
 * searchable, each room with Join), and the latest event reminder.
 */
import { useViewModel } from '../view-model/use-view-model.js'
import { Dialog } from './menu.js'
import { RemoteName, RemoteText } from './remote-text.js'
import { showName } from './show-text.js'
import type { CommunitiesSnapshot, CommunitiesViewModel } from './community-types.js'

export function CommunitiesView ({ vm }: { vm: CommunitiesViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const create = (e: Event): void => {
    e.preventDefault()
    vm.create()
  }
  return (
    <section class='communities' aria-label='Moderated rooms'>
      <form class='join' onSubmit={create}>
        <input type='text' aria-label='New moderated room' placeholder='Create a room you moderate' value={s.createName} disabled={s.creating} onInput={e => { vm.setCreateName(e.currentTarget.value) }} />
        <button type='submit' disabled={s.creating || s.createName.trim() === ''}>Create</button>
        {s.createError != null && <p class='error' role='alert'>{s.createError}</p>}
      </form>
      <button type='button' class='explore' aria-haspopup='dialog' onClick={() => { vm.openExplore() }}>Explore rooms</button>
      {s.reminder != null && (
        <p class='reminder' role='status'><RemoteText text={s.reminder} /> <button type='button' aria-label='Dismiss the reminder' onClick={() => { vm.dismissReminder() }}>×</button></p>
      )}
      {s.exploreOpen && <Explore s={s} vm={vm} />}
    </section>
  )
}

/** The directory: a search field and the rooms it finds, most active first. */
function Explore ({ s, vm }: { s: CommunitiesSnapshot, vm: CommunitiesViewModel }): preact.JSX.Element {
  return (
    <Dialog id='explore' title='Explore rooms' onClose={() => { vm.closeExplore() }}>
      <input type='search' aria-label='Search rooms' placeholder='Words in a name, topic or description' value={s.query} onInput={e => { vm.setQuery(e.currentTarget.value) }} />
      {s.exploreError != null && <p class='error' role='alert'>{s.exploreError}</p>}
      {s.results.length === 0
        ? <p class='empty'>{s.query.trim() === '' ? 'No rooms listed yet. Rooms appear here as their owners announce them.' : 'No rooms match.'}</p>
        : (
          <ul class='directory' aria-label='Rooms found'>
            {s.results.map(r => (
              <li key={r.room}>
                <strong class='title'><RemoteName name={r.label} /></strong>
                <span class='members'>{r.members} member{r.members === 1 ? '' : 's'}</span>
                {r.topic !== '' && <p class='topic'><RemoteText text={r.topic} /></p>}
                {r.description !== '' && <p class='description'><RemoteText text={r.description} /></p>}
                {r.nextEvent !== '' && <p class='next-event'>Next event: {r.nextEvent}</p>}
                {r.joined
                  ? <span class='joined'>Joined</span>
                  : <button type='button' aria-label={`Join ${showName(r.label)}`} disabled={s.joining != null} onClick={() => { vm.join(r.room) }}>Join</button>}
              </li>
            ))}
          </ul>
          )}
      <button type='button' onClick={() => { vm.closeExplore() }}>Close</button>
    </Dialog>
  )
}
