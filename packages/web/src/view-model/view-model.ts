/**
 * The state layer between views and the peer, after element-web's shared view models: a view
 * model exposes an immutable snapshot and a change signal, plus actions; a view renders the
 * snapshot and calls the actions, and knows nothing of where the data comes from.
 */

/** What a view needs from a view model to render. */
export interface ViewModel<S> {
  /** The current state. A new object after every change, so identity comparison detects changes. */
  getSnapshot(): S
  /** Calls `listener` after every change; returns the function that unsubscribes it. */
  subscribe(listener: () => void): () => void
}

/**
 * Base class for view models: holds the snapshot, notifies subscribers, and runs cleanup
 * registered with {@link BaseViewModel.onDispose} when the view model is disposed.
 */
export abstract class BaseViewModel<S extends object> implements ViewModel<S> {
  private snapshot: S
  private readonly listeners = new Set<() => void>()
  private readonly cleanups: Array<() => void> = []
  private disposed = false

  constructor (initial: S) {
    this.snapshot = Object.freeze({ ...initial })
  }

  readonly getSnapshot = (): S => this.snapshot

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** Whether {@link BaseViewModel.dispose} has run; late async results must then be dropped. */
  get isDisposed (): boolean {
    return this.disposed
  }

  /** Stops listening to the peer and to child view models. Safe to call twice. */
  dispose (): void {
    if (this.disposed) {
      return
    }
    this.disposed = true
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      cleanup()
    }
    this.listeners.clear()
  }

  /** Replaces the fields in `patch` and notifies subscribers. Ignored once disposed. */
  protected update (patch: Partial<S>): void {
    if (this.disposed) {
      return
    }
    this.snapshot = Object.freeze({ ...this.snapshot, ...patch })
    for (const listener of [...this.listeners]) {
      listener()
    }
  }

  /** Registers cleanup (an unsubscribe, a child's dispose) to run on {@link BaseViewModel.dispose}. */
  protected onDispose (cleanup: () => void): void {
    if (this.disposed) {
      cleanup()
      return
    }
    this.cleanups.push(cleanup)
  }
}
