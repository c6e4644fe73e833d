import type { MemberEntry } from './conversation-header-types.js'
import { RemoteName } from './remote-text.js'
import { showName } from './show-text.js'

/** A room's members with their fingerprints, each (but me) with a button to message them. */
export function MemberListView ({ members, onMessage, menu }: { members: MemberEntry[] | undefined, onMessage: (id: string) => void, menu?: (m: MemberEntry) => preact.JSX.Element }): preact.JSX.Element {
  return (
    <section id='members' class='panel members' aria-labelledby='members-title'>
      <h2 id='members-title'>Members</h2>
      {members == null
        ? <p class='notice'>Loading members…</p>
        : members.length === 0
          ? <p class='empty'>Nobody seen here yet</p>
          : (
            <ul>
              {members.map(m => (
                <li key={m.id}>
                  <span class='nickname'><RemoteName name={m.nickname} />{m.self && ' (you)'}</span>
                  <code class='fingerprint'>{m.fingerprint}</code>
                  {!m.self && <button type='button' aria-label={`Message ${showName(m.nickname)}`} onClick={() => { onMessage(m.id) }}>Message</button>}
                  {menu?.(m)}
                </li>
              ))}
            </ul>
            )}
    </section>
  )
}
