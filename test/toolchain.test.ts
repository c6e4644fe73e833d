import { describe, expect, it } from 'vitest'

describe('toolchain', () => {
  it('runs the tests on the Node 24 that the root devDependency provides, not the system Node', () => {
    const major = Number(process.versions.node.split('.')[0])
    expect(major).toBe(24)
  })
})
