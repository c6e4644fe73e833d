import { describe, expect, it } from 'vitest'
import { detectLocalMode, isLoopbackHostname, localModeConnectionGater } from '@parley/node/browser'
import { multiaddr } from '@multiformats/multiaddr'

describe('isLoopbackHostname', () => {
  it('accepts localhost, its subdomains, 127.0.0.0/8 and ::1', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', 'localhost.', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackHostname(host), host).toBe(true)
    }
  })

  it('refuses every other host, including look-alikes', () => {
    for (const host of ['', 'example.com', 'localhost.example.com', '128.0.0.1', '10.0.0.1', '127.0.0.1.nip.io', '[::2]', 'notlocalhost']) {
      expect(isLoopbackHostname(host), host).toBe(false)
    }
  })

  it('throws a TypeError for a non-string', () => {
    expect(() => isLoopbackHostname(42 as unknown as string)).toThrow(TypeError)
  })
})

describe('detectLocalMode', () => {
  it('follows the page location and is off where there is none', () => {
    expect(detectLocalMode({ hostname: '127.0.0.1' })).toBe(true)
    expect(detectLocalMode({ hostname: 'parley.example' })).toBe(false)
    expect(detectLocalMode(null)).toBe(false)
  })
})

describe('localModeConnectionGater', () => {
  it('lets loopback and insecure WebSocket addresses be dialled', async () => {
    const gater = localModeConnectionGater()
    expect(await gater.denyDialMultiaddr?.(multiaddr('/ip4/127.0.0.1/tcp/4001/ws'))).toBe(false)
  })
})
