import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface SyncRequest {
  room: string
  since: bigint
  count: number
  cells: number
  fetch: Uint8Array<ArrayBuffer>[]
  push: Uint8Array<ArrayBuffer>[]
  log?: boolean
}

export namespace SyncRequest {
  let _codec: Codec<SyncRequest>

  export const codec = (): Codec<SyncRequest> => {
    if (_codec == null) {
      _codec = message<SyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(10)
          w.string(obj.room)
        }

        if ((obj.since != null && obj.since !== 0n)) {
          w.uint32(16)
          w.uint64(obj.since)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(24)
          w.uint32(obj.count)
        }

        if ((obj.cells != null && obj.cells !== 0)) {
          w.uint32(32)
          w.uint32(obj.cells)
        }

        if (obj.fetch != null && obj.fetch.length > 0) {
          for (const value of obj.fetch) {
            w.uint32(42)
            w.bytes(value)
          }
        }

        if (obj.push != null && obj.push.length > 0) {
          for (const value of obj.push) {
            w.uint32(50)
            w.bytes(value)
          }
        }

        if (obj.log != null) {
          w.uint32(56)
          w.bool(obj.log)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          since: 0n,
          count: 0,
          cells: 0,
          fetch: [],
          push: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.room = reader.string()
              break
            }
            case 2: {
              obj.since = reader.uint64()
              break
            }
            case 3: {
              obj.count = reader.uint32()
              break
            }
            case 4: {
              obj.cells = reader.uint32()
              break
            }
            case 5: {
              if (opts.limits?.fetch != null && obj.fetch.length === opts.limits.fetch) {
                throw new MaxLengthError('Decode error - repeated field "fetch" had too many elements')
              }

              obj.fetch.push(reader.bytes())
              break
            }
            case 6: {
              if (opts.limits?.push != null && obj.push.length === opts.limits.push) {
                throw new MaxLengthError('Decode error - repeated field "push" had too many elements')
              }

              obj.push.push(reader.bytes())
              break
            }
            case 7: {
              obj.log = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          fetch: 0,
          push: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.room`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.since`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.cells`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              if (opts.limits?.fetch != null && obj.fetch === opts.limits.fetch) {
                throw new MaxLengthError('Streaming decode error - repeated field "fetch" had too many elements')
              }

              yield {
                field: `${prefix}.fetch[]`,
                index: obj.fetch,
                value: reader.bytes()
              }

              obj.fetch++

              break
            }
            case 6: {
              if (opts.limits?.push != null && obj.push === opts.limits.push) {
                throw new MaxLengthError('Streaming decode error - repeated field "push" had too many elements')
              }

              yield {
                field: `${prefix}.push[]`,
                index: obj.push,
                value: reader.bytes()
              }

              obj.push++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.log`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncRequestRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface SyncRequestSinceFieldEvent {
    field: '$.since'
    value: bigint
  }

  export interface SyncRequestCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface SyncRequestCellsFieldEvent {
    field: '$.cells'
    value: number
  }

  export interface SyncRequestFetchFieldEvent {
    field: '$.fetch[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncRequestPushFieldEvent {
    field: '$.push[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncRequestLogFieldEvent {
    field: '$.log'
    value: boolean
  }

  export function encode (obj: Partial<SyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): SyncRequest {
    return decodeMessage(buf, SyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestRoomFieldEvent | SyncRequestSinceFieldEvent | SyncRequestCountFieldEvent | SyncRequestCellsFieldEvent | SyncRequestFetchFieldEvent | SyncRequestPushFieldEvent | SyncRequestLogFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}

export interface SyncReply {
  count: number
  table: Uint8Array<ArrayBuffer>
  envelopes: Uint8Array<ArrayBuffer>[]
}

export namespace SyncReply {
  let _codec: Codec<SyncReply>

  export const codec = (): Codec<SyncReply> => {
    if (_codec == null) {
      _codec = message<SyncReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(8)
          w.uint32(obj.count)
        }

        if ((obj.table != null && obj.table.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.table)
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          count: 0,
          table: uint8ArrayAlloc(0),
          envelopes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.count = reader.uint32()
              break
            }
            case 2: {
              obj.table = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.table`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              yield {
                field: `${prefix}.envelopes[]`,
                index: obj.envelopes,
                value: reader.bytes()
              }

              obj.envelopes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SyncReplyCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface SyncReplyTableFieldEvent {
    field: '$.table'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SyncReplyEnvelopesFieldEvent {
    field: '$.envelopes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SyncReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncReply>): SyncReply {
    return decodeMessage(buf, SyncReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncReply>): Generator<SyncReplyCountFieldEvent | SyncReplyTableFieldEvent | SyncReplyEnvelopesFieldEvent> {
    return streamMessage(buf, SyncReply.codec(), opts)
  }
}
