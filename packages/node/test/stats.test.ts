import { describe, expect, it } from 'vitest'
import { collectGarbage } from '../src/stats.js'

describe('collectGarbage', () => {
  it('collects again once the work the first collection queued (finalizers) has run', async () => {
    const order: string[] = []
    await collectGarbage(() => {
      order.push('gc')
      // What a finalizer does: it runs after the collection returns, as a task of its own.
      if (order.length === 1) setImmediate(() => { order.push('finalizer') })
    })
    expect(order).toEqual(['gc', 'finalizer', 'gc'])
  })
})
