import { useLayoutEffect, useState } from 'preact/hooks'
import type { ViewModel } from './view-model.js'

/**
 * Renders the component again whenever `vm` changes, and returns its current snapshot.
 * A change between render and subscription (an async result landing in between) is caught by
 * comparing the snapshot seen at render with the one current when the subscription starts.
 */
export function useViewModel<S> (vm: ViewModel<S>): S {
  const [, setTick] = useState(0)
  const snapshot = vm.getSnapshot()
  useLayoutEffect(() => {
    const rerender = (): void => { setTick(t => t + 1) }
    const unsubscribe = vm.subscribe(rerender)
    if (vm.getSnapshot() !== snapshot) {
      rerender()
    }
    return unsubscribe
  }, [vm])
  return snapshot
}
