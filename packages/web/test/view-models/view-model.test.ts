import { describe, expect, it } from 'vitest'
import { BaseViewModel } from '../../src/view-model/view-model.js'

class Counter extends BaseViewModel<{ n: number }> {
  constructor () {
    super({ n: 0 })
  }

  inc (): void {
    this.update({ n: this.getSnapshot().n + 1 })
  }

  cleanupOnDispose (fn: () => void): void {
    this.onDispose(fn)
  }
}

describe('BaseViewModel', () => {
  it('hands out a new frozen snapshot on every change and notifies subscribers', () => {
    const vm = new Counter()
    const first = vm.getSnapshot()
    let calls = 0
    vm.subscribe(() => { calls++ })
    vm.inc()
    expect(vm.getSnapshot()).not.toBe(first)
    expect(vm.getSnapshot().n).toBe(1)
    expect(Object.isFrozen(vm.getSnapshot())).toBe(true)
    expect(calls).toBe(1)
  })

  it('stops notifying an unsubscribed listener', () => {
    const vm = new Counter()
    let calls = 0
    const unsubscribe = vm.subscribe(() => { calls++ })
    unsubscribe()
    vm.inc()
    expect(calls).toBe(0)
  })

  it('runs cleanups once, newest first, and ignores updates after dispose', () => {
    const vm = new Counter()
    const order: string[] = []
    vm.cleanupOnDispose(() => order.push('first'))
    vm.cleanupOnDispose(() => order.push('second'))
    vm.dispose()
    vm.dispose()
    expect(order).toEqual(['second', 'first'])
    vm.inc()
    expect(vm.getSnapshot().n).toBe(0)
    expect(vm.isDisposed).toBe(true)
    vm.cleanupOnDispose(() => order.push('late'))
    expect(order).toEqual(['second', 'first', 'late'])
  })
})
