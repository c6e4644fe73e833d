import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface FileRef {
  name: string
  type: string
  size: bigint
  root: Uint8Array<ArrayBuffer>
  key: Uint8Array<ArrayBuffer>
  nonce: Uint8Array<ArrayBuffer>
  thumbnail: Uint8Array<ArrayBuffer>
  caption: string
}

export namespace FileRef {
  let _codec: Codec<FileRef>

  export const codec = (): Codec<FileRef> => {
    if (_codec == null) {
      _codec = message<FileRef>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.type != null && obj.type !== '')) {
          w.uint32(18)
          w.string(obj.type)
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(24)
          w.uint64(obj.size)
        }

        if ((obj.root != null && obj.root.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.root)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.key)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.nonce)
        }

        if ((obj.thumbnail != null && obj.thumbnail.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.thumbnail)
        }

        if ((obj.caption != null && obj.caption !== '')) {
          w.uint32(66)
          w.string(obj.caption)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          type: '',
          size: 0n,
          root: uint8ArrayAlloc(0),
          key: uint8ArrayAlloc(0),
          nonce: uint8ArrayAlloc(0),
          thumbnail: uint8ArrayAlloc(0),
          caption: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.type = reader.string()
              break
            }
            case 3: {
              obj.size = reader.uint64()
              break
            }
            case 4: {
              obj.root = reader.bytes()
              break
            }
            case 5: {
              obj.key = reader.bytes()
              break
            }
            case 6: {
              obj.nonce = reader.bytes()
              break
            }
            case 7: {
              obj.thumbnail = reader.bytes()
              break
            }
            case 8: {
              obj.caption = reader.string()
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.type`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.size`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.root`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.thumbnail`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.caption`,
                value: reader.string()
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

  export interface FileRefNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface FileRefTypeFieldEvent {
    field: '$.type'
    value: string
  }

  export interface FileRefSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export interface FileRefRootFieldEvent {
    field: '$.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRefKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRefNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRefThumbnailFieldEvent {
    field: '$.thumbnail'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRefCaptionFieldEvent {
    field: '$.caption'
    value: string
  }

  export function encode (obj: Partial<FileRef>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileRef.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileRef>): FileRef {
    return decodeMessage(buf, FileRef.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileRef>): Generator<FileRefNameFieldEvent | FileRefTypeFieldEvent | FileRefSizeFieldEvent | FileRefRootFieldEvent | FileRefKeyFieldEvent | FileRefNonceFieldEvent | FileRefThumbnailFieldEvent | FileRefCaptionFieldEvent> {
    return streamMessage(buf, FileRef.codec(), opts)
  }
}

export interface BlobRequest {
  root: Uint8Array<ArrayBuffer>
  indexes: number[]
}

export namespace BlobRequest {
  let _codec: Codec<BlobRequest>

  export const codec = (): Codec<BlobRequest> => {
    if (_codec == null) {
      _codec = message<BlobRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.root != null && obj.root.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.root)
        }

        if (obj.indexes != null && obj.indexes.length > 0) {
          for (const value of obj.indexes) {
            w.uint32(16)
            w.uint32(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          root: uint8ArrayAlloc(0),
          indexes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.root = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.indexes != null && obj.indexes.length === opts.limits.indexes) {
                throw new MaxLengthError('Decode error - repeated field "indexes" had too many elements')
              }

              obj.indexes.push(reader.uint32())
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
          indexes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.root`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.indexes != null && obj.indexes === opts.limits.indexes) {
                throw new MaxLengthError('Streaming decode error - repeated field "indexes" had too many elements')
              }

              yield {
                field: `${prefix}.indexes[]`,
                index: obj.indexes,
                value: reader.uint32()
              }

              obj.indexes++

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

  export interface BlobRequestRootFieldEvent {
    field: '$.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobRequestIndexesFieldEvent {
    field: '$.indexes[]'
    index: number
    value: number
  }

  export function encode (obj: Partial<BlobRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobRequest>): BlobRequest {
    return decodeMessage(buf, BlobRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobRequest>): Generator<BlobRequestRootFieldEvent | BlobRequestIndexesFieldEvent> {
    return streamMessage(buf, BlobRequest.codec(), opts)
  }
}

export interface BlobReply {
  status: BlobReply.Status
  index: number
  chunk: Uint8Array<ArrayBuffer>
  proof: Uint8Array<ArrayBuffer>[]
  count: number
}

export namespace BlobReply {
  export enum Status {
    OK = 'OK',
    NOT_FOUND = 'NOT_FOUND',
    RATE_LIMITED = 'RATE_LIMITED'
  }

  enum __StatusValues {
    OK = 0,
    NOT_FOUND = 1,
    RATE_LIMITED = 2
  }

  export namespace Status {
    export const codec = (): Codec<Status> => {
      return enumeration<Status>(__StatusValues)
    }
  }

  let _codec: Codec<BlobReply>

  export const codec = (): Codec<BlobReply> => {
    if (_codec == null) {
      _codec = message<BlobReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(8)
          BlobReply.Status.codec().encode(obj.status, w)
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(16)
          w.uint32(obj.index)
        }

        if ((obj.chunk != null && obj.chunk.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.chunk)
        }

        if (obj.proof != null && obj.proof.length > 0) {
          for (const value of obj.proof) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(40)
          w.uint32(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: Status.OK,
          index: 0,
          chunk: uint8ArrayAlloc(0),
          proof: [],
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = BlobReply.Status.codec().decode(reader)
              break
            }
            case 2: {
              obj.index = reader.uint32()
              break
            }
            case 3: {
              obj.chunk = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.proof != null && obj.proof.length === opts.limits.proof) {
                throw new MaxLengthError('Decode error - repeated field "proof" had too many elements')
              }

              obj.proof.push(reader.bytes())
              break
            }
            case 5: {
              obj.count = reader.uint32()
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
          proof: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: BlobReply.Status.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.chunk`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.proof != null && obj.proof === opts.limits.proof) {
                throw new MaxLengthError('Streaming decode error - repeated field "proof" had too many elements')
              }

              yield {
                field: `${prefix}.proof[]`,
                index: obj.proof,
                value: reader.bytes()
              }

              obj.proof++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
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

  export interface BlobReplyStatusFieldEvent {
    field: '$.status'
    value: BlobReply.Status
  }

  export interface BlobReplyIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface BlobReplyChunkFieldEvent {
    field: '$.chunk'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobReplyProofFieldEvent {
    field: '$.proof[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlobReplyCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<BlobReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlobReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobReply>): BlobReply {
    return decodeMessage(buf, BlobReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlobReply>): Generator<BlobReplyStatusFieldEvent | BlobReplyIndexFieldEvent | BlobReplyChunkFieldEvent | BlobReplyProofFieldEvent | BlobReplyCountFieldEvent> {
    return streamMessage(buf, BlobReply.codec(), opts)
  }
}

export interface FileRecord {
  ref?: FileRef
  conversation: string
  message: string
  from: string
  outgoing: boolean
  kept: boolean
  usedAt: bigint
  complete: boolean
  receivedAt: bigint
  holders: string[]
}

export namespace FileRecord {
  let _codec: Codec<FileRecord>

  export const codec = (): Codec<FileRecord> => {
    if (_codec == null) {
      _codec = message<FileRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ref != null) {
          w.uint32(10)
          FileRef.codec().encode(obj.ref, w)
        }

        if ((obj.conversation != null && obj.conversation !== '')) {
          w.uint32(18)
          w.string(obj.conversation)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(34)
          w.string(obj.from)
        }

        if ((obj.outgoing != null && obj.outgoing !== false)) {
          w.uint32(40)
          w.bool(obj.outgoing)
        }

        if ((obj.kept != null && obj.kept !== false)) {
          w.uint32(48)
          w.bool(obj.kept)
        }

        if ((obj.usedAt != null && obj.usedAt !== 0n)) {
          w.uint32(56)
          w.uint64(obj.usedAt)
        }

        if ((obj.complete != null && obj.complete !== false)) {
          w.uint32(64)
          w.bool(obj.complete)
        }

        if ((obj.receivedAt != null && obj.receivedAt !== 0n)) {
          w.uint32(72)
          w.uint64(obj.receivedAt)
        }

        if (obj.holders != null && obj.holders.length > 0) {
          for (const value of obj.holders) {
            w.uint32(82)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          conversation: '',
          message: '',
          from: '',
          outgoing: false,
          kept: false,
          usedAt: 0n,
          complete: false,
          receivedAt: 0n,
          holders: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ref = FileRef.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ref
              })
              break
            }
            case 2: {
              obj.conversation = reader.string()
              break
            }
            case 3: {
              obj.message = reader.string()
              break
            }
            case 4: {
              obj.from = reader.string()
              break
            }
            case 5: {
              obj.outgoing = reader.bool()
              break
            }
            case 6: {
              obj.kept = reader.bool()
              break
            }
            case 7: {
              obj.usedAt = reader.uint64()
              break
            }
            case 8: {
              obj.complete = reader.bool()
              break
            }
            case 9: {
              obj.receivedAt = reader.uint64()
              break
            }
            case 10: {
              if (opts.limits?.holders != null && obj.holders.length === opts.limits.holders) {
                throw new MaxLengthError('Decode error - repeated field "holders" had too many elements')
              }

              obj.holders.push(reader.string())
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
          holders: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * FileRef.codec().stream(reader, reader.uint32(), `${prefix}.ref`, {
                limits: opts.limits?.ref
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.conversation`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.from`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.outgoing`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.kept`,
                value: reader.bool()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.usedAt`,
                value: reader.uint64()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.complete`,
                value: reader.bool()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.receivedAt`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
              if (opts.limits?.holders != null && obj.holders === opts.limits.holders) {
                throw new MaxLengthError('Streaming decode error - repeated field "holders" had too many elements')
              }

              yield {
                field: `${prefix}.holders[]`,
                index: obj.holders,
                value: reader.string()
              }

              obj.holders++

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

  export interface FileRecordRefNameFieldEvent {
    field: '$.ref.name'
    value: string
  }

  export interface FileRecordRefTypeFieldEvent {
    field: '$.ref.type'
    value: string
  }

  export interface FileRecordRefSizeFieldEvent {
    field: '$.ref.size'
    value: bigint
  }

  export interface FileRecordRefRootFieldEvent {
    field: '$.ref.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRecordRefKeyFieldEvent {
    field: '$.ref.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRecordRefNonceFieldEvent {
    field: '$.ref.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRecordRefThumbnailFieldEvent {
    field: '$.ref.thumbnail'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FileRecordRefCaptionFieldEvent {
    field: '$.ref.caption'
    value: string
  }

  export interface FileRecordConversationFieldEvent {
    field: '$.conversation'
    value: string
  }

  export interface FileRecordMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface FileRecordFromFieldEvent {
    field: '$.from'
    value: string
  }

  export interface FileRecordOutgoingFieldEvent {
    field: '$.outgoing'
    value: boolean
  }

  export interface FileRecordKeptFieldEvent {
    field: '$.kept'
    value: boolean
  }

  export interface FileRecordUsedAtFieldEvent {
    field: '$.usedAt'
    value: bigint
  }

  export interface FileRecordCompleteFieldEvent {
    field: '$.complete'
    value: boolean
  }

  export interface FileRecordReceivedAtFieldEvent {
    field: '$.receivedAt'
    value: bigint
  }

  export interface FileRecordHoldersFieldEvent {
    field: '$.holders[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<FileRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FileRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileRecord>): FileRecord {
    return decodeMessage(buf, FileRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FileRecord>): Generator<FileRecordRefNameFieldEvent | FileRecordRefTypeFieldEvent | FileRecordRefSizeFieldEvent | FileRecordRefRootFieldEvent | FileRecordRefKeyFieldEvent | FileRecordRefNonceFieldEvent | FileRecordRefThumbnailFieldEvent | FileRecordRefCaptionFieldEvent | FileRecordConversationFieldEvent | FileRecordMessageFieldEvent | FileRecordFromFieldEvent | FileRecordOutgoingFieldEvent | FileRecordKeptFieldEvent | FileRecordUsedAtFieldEvent | FileRecordCompleteFieldEvent | FileRecordReceivedAtFieldEvent | FileRecordHoldersFieldEvent> {
    return streamMessage(buf, FileRecord.codec(), opts)
  }
}
