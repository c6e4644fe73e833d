/**
 * The API the view gallery page (packages/web/test/views) puts on `window.gallery`: it renders
 * one view with snapshots handed in by the test, and records the actions the view calls, so
 * views are tested in a real browser without any peer behind them.
 */

/** One action a view called on its view model. */
export interface GalleryCall {
  /** Which view model: `onboarding`, `sidebar`, `header`, `timeline`, `composer` or `app`. */
  vm: string
  action: string
  args: unknown[]
}

/** Snapshots of the chat layout's view models, as plain data. */
export interface GalleryChat {
  sidebar: Record<string, unknown>
  /** Absent: no conversation open. */
  conversation?: {
    title: string
    /** The conversation header's snapshot; absent: a public room, not muted, panels closed. */
    header?: Record<string, unknown>
    timeline: Record<string, unknown>
    composer: Record<string, unknown>
  }
  pane: 'list' | 'conversation'
}

export interface GalleryApi {
  /** Renders the onboarding view with this snapshot. */
  onboarding(snapshot: Record<string, unknown>): void
  /** Renders the whole chat layout (the app in its `chat` phase). */
  chat(input: GalleryChat): void
  /** Replaces fields of a rendered view model's snapshot, as a view model would on a change. */
  patch(vm: string, fields: Record<string, unknown>): void
  /** Actions called so far. */
  calls(): GalleryCall[]
}

/** `window` in the gallery page. */
export interface GalleryWindow {
  gallery: GalleryApi
}
