/**
 * Hash vectors checked against implementations other than libsodium.
 *
 * - SHA-512("abc"): FIPS 180-2, Appendix C.1.
 * - BLAKE2b-256, unkeyed and keyed: computed with CPython's `hashlib.blake2b`
 *   (`digest_size=32`, `key=...`), which wraps the BLAKE2 reference
 *   implementation; RFC 7693 itself publishes only a BLAKE2b-512 vector.
 *   `key` and `data` of the form `range:N` mean the bytes 0, 1, …, N-1.
 */
export const SHA512_ABC = 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'

export const BLAKE2B_256_VECTORS = [
  { data: '', key: null, digest: '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8' },
  { data: 'abc', key: null, digest: 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319' },
  { data: '', key: 'range:32', digest: '4e51e7a913fc80137da52880fecca175bf81e117d5c68126dc2774033517ea0d' },
  { data: 'range:255', key: 'range:32', digest: 'f60f5c4a575c43db6c93608515866ea998e04b35792f5a92b27aa5880cd6721e' },
  { data: 'abc', key: 'range:64', digest: 'dff38c978666dff5631db35ca15535520d134f5c8060ea569c6a178ad393719f' },
  { data: 'parley', key: 'range:16', digest: '7de5119cc7fe616ae4a7b8c00a83340db5f4a656ae4c2d6ed53a27736deb6301' }
] as const
