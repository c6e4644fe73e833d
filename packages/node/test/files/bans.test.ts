import { describe, expect, it } from 'vitest'
import { HolderBans } from '../../src/files/bans.js'
import { BAN_MS, MAX_BANNED_HOLDERS } from '../../src/files/constants.js'

describe('holder bans', () => {
  it('ban a holder for BAN_MS and forget it after', () => {
    const bans = new HolderBans()
    bans.ban('liar', 1_000)
    expect(bans.isBanned('liar', 1_000 + BAN_MS - 1)).toBe(true)
    expect(bans.isBanned('honest', 1_000)).toBe(false)
    expect(bans.isBanned('liar', 1_000 + BAN_MS)).toBe(false)
    expect(bans.size).toBe(0)
  })

  it('stay at MAX_BANNED_HOLDERS under a long stream of liars, keeping the latest', () => {
    const bans = new HolderBans()
    const total = MAX_BANNED_HOLDERS * 3
    for (let i = 0; i < total; i++) bans.ban(`liar-${i}`, 1_000 + i)
    expect(bans.size).toBe(MAX_BANNED_HOLDERS)
    expect(bans.isBanned(`liar-${total - 1}`, 2_000)).toBe(true)
    expect(bans.isBanned(`liar-${total - MAX_BANNED_HOLDERS}`, 2_000)).toBe(true)
    expect(bans.isBanned(`liar-${total - MAX_BANNED_HOLDERS - 1}`, 2_000)).toBe(false)
  })
})
