/**
 * A tiny length-checked reader and writer for the hand-rolled binary formats
 * of this package (big-endian integers, fixed and u16-prefixed byte fields).
 * The reader never reads past the end: it throws the caller's error instead.
 */

/** Builds a byte string from fixed-size fields. */
export class ByteWriter {
  readonly #parts: Uint8Array[] = []
  #length = 0

  u8 (value: number): this {
    return this.bytes(Uint8Array.of(value))
  }

  u32 (value: number): this {
    const b = new Uint8Array(4)
    new DataView(b.buffer).setUint32(0, value)
    return this.bytes(b)
  }

  u16 (value: number): this {
    const b = new Uint8Array(2)
    new DataView(b.buffer).setUint16(0, value)
    return this.bytes(b)
  }

  bytes (value: Uint8Array): this {
    this.#parts.push(value)
    this.#length += value.length
    return this
  }

  /** A u16 length then the bytes. */
  varBytes (value: Uint8Array): this {
    return this.u16(value.length).bytes(value)
  }

  finish (): Uint8Array {
    const out = new Uint8Array(this.#length)
    let at = 0
    for (const p of this.#parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
}

/** Reads fields in order; `fail` makes the typed error thrown on truncation or a bad value. */
export class ByteReader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  readonly #fail: (reason: string) => Error
  #at = 0

  constructor (bytes: Uint8Array, fail: (reason: string) => Error) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.#fail = fail
  }

  get remaining (): number {
    return this.#bytes.length - this.#at
  }

  #need (n: number): void {
    if (this.remaining < n) throw this.#fail(`truncated: needs ${n} more bytes, has ${this.remaining}`)
  }

  u8 (): number {
    this.#need(1)
    return this.#bytes[this.#at++]
  }

  u16 (): number {
    this.#need(2)
    const v = this.#view.getUint16(this.#at)
    this.#at += 2
    return v
  }

  u32 (): number {
    this.#need(4)
    const v = this.#view.getUint32(this.#at)
    this.#at += 4
    return v
  }

  /** `n` bytes, copied (so later changes to the input cannot reach parsed state). */
  bytes (n: number): Uint8Array {
    this.#need(n)
    const v = this.#bytes.slice(this.#at, this.#at + n)
    this.#at += n
    return v
  }

  varBytes (max: number): Uint8Array {
    const n = this.u16()
    if (n > max) throw this.#fail(`field of ${n} bytes exceeds ${max}`)
    return this.bytes(n)
  }

  /** The rest of the input, as a view. */
  rest (): Uint8Array {
    const v = this.#bytes.subarray(this.#at)
    this.#at = this.#bytes.length
    return v
  }

  /** Throws unless every byte was read. */
  end (): void {
    if (this.remaining !== 0) throw this.#fail(`${this.remaining} trailing bytes`)
  }
}
