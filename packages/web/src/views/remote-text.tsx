/**
 * Remote names and texts in the views: shown by the rules of show-text.ts, each in `<bdi>`, so
 * right-to-left text stays inside its own box and cannot reorder what is around it.
 */
import { showLines, showName } from './show-text.js'

/** A remote name, isolated from the text around it. */
export function RemoteName ({ name }: { name: string }): preact.JSX.Element {
  return <bdi>{showName(name)}</bdi>
}

/** A remote message text, isolated, its line breaks kept. */
export function RemoteText ({ text }: { text: string }): preact.JSX.Element {
  return <bdi>{showLines(text)}</bdi>
}
