/**
 * The app's entry: finds bootstrap peers (the `?peer=` link, then the list a serving `parley`
 * put beside the page), opens the browser peer, and mounts the root view with its view model.
 */
import { fetchServedPeers, peersFromLink } from '@parley/node/browser'
import { render } from 'preact'
import './styles.css'
import { browserNotifier } from './app/notifier.js'
import { openPeerBackend } from './app/peer-backend.js'
import { BrowserRecovery, PeerArchive } from './app/archive-backend.js'
import { saveDownload } from './app/download.js'
import { applyTheme, browserTheme } from './app/settings-theme.js'
import { AppViewModel } from './view-models/app-view-model.js'
import { AppView } from './views/app-view.js'
import type { PeerBackend } from './app/peer-backend.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Bootstrap addresses from the link and from the serving peer, without duplicates. */
async function bootstrapPeers (): Promise<Multiaddr[]> {
  const linked = peersFromLink(location.href)
  const served = await fetchServedPeers(location.href)
  const unique = new Map<string, Multiaddr>()
  for (const addr of [...linked, ...served]) unique.set(addr.toString(), addr)
  return [...unique.values()]
}

/**
 * The open backend, for tests and benchmarks driving the page (`window.parley`): only in their
 * builds (test/web/support/build-page.ts defines `__PARLEY_TEST_HOOKS__`); a production build
 * exposes no global that hands out the peer.
 */
declare const __PARLEY_TEST_HOOKS__: boolean
declare global {
  interface Window { parley?: { backend: PeerBackend } }
}

const openBackend = async (): Promise<PeerBackend> => {
  const backend = await openPeerBackend({ peers: await bootstrapPeers() })
  if (__PARLEY_TEST_HOOKS__) window.parley = { backend }
  return backend
}

// The theme applies before anything is drawn (and before a sealed profile is unlocked).
const theme = browserTheme()
applyTheme(theme.get())

const root = document.getElementById('app')
if (root != null) {
  const copy = async (text: string): Promise<void> => { await navigator.clipboard.writeText(text) }
  const vm = new AppViewModel({
    openBackend,
    notifier: browserNotifier(),
    copy,
    archive: (backend) => new PeerArchive(backend as PeerBackend),
    recovery: () => new BrowserRecovery(),
    save: saveDownload,
    theme
  })
  render(<AppView vm={vm} />, root)
  void vm.start()
}
