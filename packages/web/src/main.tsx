/**
 * The app's entry: mounts the root view with its view model and starts it.
 */
import { render } from 'preact'
import './styles.css'
import { AppViewModel } from './view-models/app-view-model.js'
import { AppView } from './views/app-view.js'
import type { ChatBackend } from './app/chat-backend.js'

/** This build has no peer to open yet: `@parley/node`'s `createPeer` has not landed. */
export class PeerUnavailableError extends Error {
  static override name = 'PeerUnavailableError'
  constructor (message = 'this build of Parley has no peer yet: the browser peer arrives with @parley/node\'s createPeer') {
    super(message)
    this.name = PeerUnavailableError.name
  }
}

// The ChatBackend adapter over @parley/node's peer is the next step of issue 7; until it lands
// the app says so plainly rather than pretending to chat.
const openBackend = (): Promise<ChatBackend> => Promise.reject(new PeerUnavailableError())

const root = document.getElementById('app')
if (root != null) {
  const vm = new AppViewModel({ openBackend })
  render(<AppView vm={vm} />, root)
  void vm.start()
}
