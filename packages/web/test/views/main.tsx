/**
 * View gallery: renders Parley's views with snapshots handed in by tests (through
 * `window.gallery`, see test/web/support/gallery-api.ts) and records the actions they call.
 * No view model logic and no peer: this page tests the views alone.
 */
import { render } from 'preact'
import '../../src/styles.css'
import { AppView } from '../../src/views/app-view.js'
import { OnboardingView } from '../../src/views/onboarding-view.js'
import type { GalleryApi, GalleryCall, GalleryWindow } from '../../../../test/web/support/gallery-api.js'
import type { ViewModel } from '../../src/view-model/view-model.js'
import type { AppViewModel } from '../../src/views/app-view.js'
import type { OnboardingViewModel } from '../../src/views/onboarding-view.js'

const calls: GalleryCall[] = []
const rendered = new Map<string, StaticViewModel>()

/** A view model whose snapshot the test sets and whose every action is recorded. */
class StaticViewModel implements ViewModel<Record<string, unknown>> {
  private snapshot: Record<string, unknown>
  private readonly listeners = new Set<() => void>()
  constructor (readonly name: string, snapshot: Record<string, unknown>) {
    this.snapshot = snapshot
    rendered.set(name, this)
  }

  getSnapshot = (): Record<string, unknown> => this.snapshot
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  patch (fields: Record<string, unknown>): void {
    this.snapshot = { ...this.snapshot, ...fields }
    this.listeners.forEach(l => { l() })
  }

  /** This object with every other property answering as a recorded action. */
  asViewModel<T> (): T {
    return new Proxy(this, {
      get: (target, prop, receiver) => prop in target
        ? Reflect.get(target, prop, receiver) as unknown
        : (...args: unknown[]) => { calls.push({ vm: target.name, action: String(prop), args }) }
    }) as unknown as T
  }
}

const root = document.getElementById('app')!

const gallery: GalleryApi = {
  onboarding (snapshot) {
    render(null, root)
    render(<OnboardingView vm={new StaticViewModel('onboarding', snapshot).asViewModel<OnboardingViewModel>()} />, root)
  },
  chat (input) {
    render(null, root)
    const sidebar = new StaticViewModel('sidebar', input.sidebar).asViewModel()
    const c = input.conversation
    const conversation = c == null
      ? undefined
      : {
          id: 'gallery',
          title: c.title,
          header: new StaticViewModel('header', c.header ?? { title: c.title, kind: 'public-room', muted: false, verified: false, membersOpen: false }).asViewModel(),
          timeline: new StaticViewModel('timeline', c.timeline).asViewModel(),
          // The composer's @nick list is a view model of its own (closed here).
          composer: Object.assign(new StaticViewModel('composer', c.composer), { mentions: new StaticViewModel('mentions', { open: false, options: [], active: 0 }).asViewModel() }).asViewModel()
        }
    const app = new StaticViewModel('app', { phase: 'chat', sidebar, conversation, pane: input.pane })
    render(<AppView vm={app.asViewModel<AppViewModel>()} />, root)
  },
  patch (vm, fields) {
    const target = rendered.get(vm)
    if (target == null) {
      throw new Error(`no view model ${vm} is rendered`)
    }
    target.patch(fields)
  },
  calls: () => [...calls]
}

;(window as unknown as GalleryWindow).gallery = gallery
