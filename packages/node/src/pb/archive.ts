import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface BackupRecord {
  meta?: BackupMeta
  entry?: BackupEntry
  message?: BackupMessage
  end?: BackupEnd
  blob?: BackupBlob
  chunk?: BackupChunk
}

export namespace BackupRecord {
  let _codec: Codec<BackupRecord>

  export const codec = (): Codec<BackupRecord> => {
    if (_codec == null) {
      _codec = message<BackupRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.meta != null) {
          w.uint32(10)
          BackupMeta.codec().encode(obj.meta, w)
        }

        if (obj.entry != null) {
          w.uint32(18)
          BackupEntry.codec().encode(obj.entry, w)
        }

        if (obj.message != null) {
          w.uint32(26)
          BackupMessage.codec().encode(obj.message, w)
        }

        if (obj.end != null) {
          w.uint32(34)
          BackupEnd.codec().encode(obj.end, w)
        }

        if (obj.blob != null) {
          w.uint32(42)
          BackupBlob.codec().encode(obj.blob, w)
        }

        if (obj.chunk != null) {
          w.uint32(50)
          BackupChunk.codec().encode(obj.chunk, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.meta = BackupMeta.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.meta
              })
              break
            }
            case 2: {
              obj.entry = BackupEntry.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.entry
              })
              break
            }
            case 3: {
              obj.message = BackupMessage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.message
              })
              break
            }
            case 4: {
              obj.end = BackupEnd.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.end
              })
              break
            }
            case 5: {
              obj.blob = BackupBlob.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.blob
              })
              break
            }
            case 6: {
              obj.chunk = BackupChunk.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.chunk
              })
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
              yield * BackupMeta.codec().stream(reader, reader.uint32(), `${prefix}.meta`, {
                limits: opts.limits?.meta
              })

              break
            }
            case 2: {
              yield * BackupEntry.codec().stream(reader, reader.uint32(), `${prefix}.entry`, {
                limits: opts.limits?.entry
              })

              break
            }
            case 3: {
              yield * BackupMessage.codec().stream(reader, reader.uint32(), `${prefix}.message`, {
                limits: opts.limits?.message
              })

              break
            }
            case 4: {
              yield * BackupEnd.codec().stream(reader, reader.uint32(), `${prefix}.end`, {
                limits: opts.limits?.end
              })

              break
            }
            case 5: {
              yield * BackupBlob.codec().stream(reader, reader.uint32(), `${prefix}.blob`, {
                limits: opts.limits?.blob
              })

              break
            }
            case 6: {
              yield * BackupChunk.codec().stream(reader, reader.uint32(), `${prefix}.chunk`, {
                limits: opts.limits?.chunk
              })

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

  export interface BackupRecordMetaFormatFieldEvent {
    field: '$.meta.format'
    value: number
  }

  export interface BackupRecordMetaPeerIdFieldEvent {
    field: '$.meta.peerId'
    value: string
  }

  export interface BackupRecordMetaNickFieldEvent {
    field: '$.meta.nick'
    value: string
  }

  export interface BackupRecordMetaCreatedAtFieldEvent {
    field: '$.meta.createdAt'
    value: bigint
  }

  export interface BackupRecordMetaSealedFieldEvent {
    field: '$.meta.sealed'
    value: boolean
  }

  export interface BackupRecordEntrySublevelFieldEvent {
    field: '$.entry.sublevel'
    value: string
  }

  export interface BackupRecordEntryKeyFieldEvent {
    field: '$.entry.key'
    value: string
  }

  export interface BackupRecordEntryValueFieldEvent {
    field: '$.entry.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BackupRecordMessageConversationFieldEvent {
    field: '$.message.conversation'
    value: string
  }

  export interface BackupRecordMessageIdFieldEvent {
    field: '$.message.id'
    value: string
  }

  export interface BackupRecordMessageTimestampFieldEvent {
    field: '$.message.timestamp'
    value: bigint
  }

  export interface BackupRecordMessageValueFieldEvent {
    field: '$.message.value'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BackupRecordEndEntriesFieldEvent {
    field: '$.end.entries'
    value: bigint
  }

  export interface BackupRecordEndMessagesFieldEvent {
    field: '$.end.messages'
    value: bigint
  }

  export interface BackupRecordEndConversationsFieldEvent {
    field: '$.end.conversations'
    value: number
  }

  export interface BackupRecordEndBlobsFieldEvent {
    field: '$.end.blobs'
    value: number
  }

  export interface BackupRecordEndChunksFieldEvent {
    field: '$.end.chunks'
    value: bigint
  }

  export interface BackupRecordBlobRootFieldEvent {
    field: '$.blob.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BackupRecordBlobCountFieldEvent {
    field: '$.blob.count'
    value: number
  }

  export interface BackupRecordBlobSizeFieldEvent {
    field: '$.blob.size'
    value: bigint
  }

  export interface BackupRecordChunkIndexFieldEvent {
    field: '$.chunk.index'
    value: number
  }

  export interface BackupRecordChunkChunkFieldEvent {
    field: '$.chunk.chunk'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BackupRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupRecord>): BackupRecord {
    return decodeMessage(buf, BackupRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupRecord>): Generator<BackupRecordMetaFormatFieldEvent | BackupRecordMetaPeerIdFieldEvent | BackupRecordMetaNickFieldEvent | BackupRecordMetaCreatedAtFieldEvent | BackupRecordMetaSealedFieldEvent | BackupRecordEntrySublevelFieldEvent | BackupRecordEntryKeyFieldEvent | BackupRecordEntryValueFieldEvent | BackupRecordMessageConversationFieldEvent | BackupRecordMessageIdFieldEvent | BackupRecordMessageTimestampFieldEvent | BackupRecordMessageValueFieldEvent | BackupRecordEndEntriesFieldEvent | BackupRecordEndMessagesFieldEvent | BackupRecordEndConversationsFieldEvent | BackupRecordEndBlobsFieldEvent | BackupRecordEndChunksFieldEvent | BackupRecordBlobRootFieldEvent | BackupRecordBlobCountFieldEvent | BackupRecordBlobSizeFieldEvent | BackupRecordChunkIndexFieldEvent | BackupRecordChunkChunkFieldEvent> {
    return streamMessage(buf, BackupRecord.codec(), opts)
  }
}

export interface BackupMeta {
  format: number
  peerId: string
  nick: string
  createdAt: bigint
  sealed: boolean
}

export namespace BackupMeta {
  let _codec: Codec<BackupMeta>

  export const codec = (): Codec<BackupMeta> => {
    if (_codec == null) {
      _codec = message<BackupMeta>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.format != null && obj.format !== 0)) {
          w.uint32(8)
          w.uint32(obj.format)
        }

        if ((obj.peerId != null && obj.peerId !== '')) {
          w.uint32(18)
          w.string(obj.peerId)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(26)
          w.string(obj.nick)
        }

        if ((obj.createdAt != null && obj.createdAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.createdAt)
        }

        if ((obj.sealed != null && obj.sealed !== false)) {
          w.uint32(40)
          w.bool(obj.sealed)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          format: 0,
          peerId: '',
          nick: '',
          createdAt: 0n,
          sealed: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.format = reader.uint32()
              break
            }
            case 2: {
              obj.peerId = reader.string()
              break
            }
            case 3: {
              obj.nick = reader.string()
              break
            }
            case 4: {
              obj.createdAt = reader.uint64()
              break
            }
            case 5: {
              obj.sealed = reader.bool()
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
                field: `${prefix}.format`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.nick`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.createdAt`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.sealed`,
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

  export interface BackupMetaFormatFieldEvent {
    field: '$.format'
    value: number
  }

  export interface BackupMetaPeerIdFieldEvent {
    field: '$.peerId'
    value: string
  }

  export interface BackupMetaNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface BackupMetaCreatedAtFieldEvent {
    field: '$.createdAt'
    value: bigint
  }

  export interface BackupMetaSealedFieldEvent {
    field: '$.sealed'
    value: boolean
  }

  export function encode (obj: Partial<BackupMeta>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupMeta.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupMeta>): BackupMeta {
    return decodeMessage(buf, BackupMeta.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupMeta>): Generator<BackupMetaFormatFieldEvent | BackupMetaPeerIdFieldEvent | BackupMetaNickFieldEvent | BackupMetaCreatedAtFieldEvent | BackupMetaSealedFieldEvent> {
    return streamMessage(buf, BackupMeta.codec(), opts)
  }
}

export interface BackupEntry {
  sublevel: string
  key: string
  value: Uint8Array<ArrayBuffer>
}

export namespace BackupEntry {
  let _codec: Codec<BackupEntry>

  export const codec = (): Codec<BackupEntry> => {
    if (_codec == null) {
      _codec = message<BackupEntry>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.sublevel != null && obj.sublevel !== '')) {
          w.uint32(10)
          w.string(obj.sublevel)
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(18)
          w.string(obj.key)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          sublevel: '',
          key: '',
          value: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.sublevel = reader.string()
              break
            }
            case 2: {
              obj.key = reader.string()
              break
            }
            case 3: {
              obj.value = reader.bytes()
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
                field: `${prefix}.sublevel`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
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

  export interface BackupEntrySublevelFieldEvent {
    field: '$.sublevel'
    value: string
  }

  export interface BackupEntryKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface BackupEntryValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BackupEntry>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupEntry.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupEntry>): BackupEntry {
    return decodeMessage(buf, BackupEntry.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupEntry>): Generator<BackupEntrySublevelFieldEvent | BackupEntryKeyFieldEvent | BackupEntryValueFieldEvent> {
    return streamMessage(buf, BackupEntry.codec(), opts)
  }
}

export interface BackupMessage {
  conversation: string
  id: string
  timestamp: bigint
  value: Uint8Array<ArrayBuffer>
}

export namespace BackupMessage {
  let _codec: Codec<BackupMessage>

  export const codec = (): Codec<BackupMessage> => {
    if (_codec == null) {
      _codec = message<BackupMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.conversation != null && obj.conversation !== '')) {
          w.uint32(10)
          w.string(obj.conversation)
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(18)
          w.string(obj.id)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(24)
          w.uint64(obj.timestamp)
        }

        if ((obj.value != null && obj.value.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          conversation: '',
          id: '',
          timestamp: 0n,
          value: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.conversation = reader.string()
              break
            }
            case 2: {
              obj.id = reader.string()
              break
            }
            case 3: {
              obj.timestamp = reader.uint64()
              break
            }
            case 4: {
              obj.value = reader.bytes()
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
                field: `${prefix}.conversation`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.value`,
                value: reader.bytes()
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

  export interface BackupMessageConversationFieldEvent {
    field: '$.conversation'
    value: string
  }

  export interface BackupMessageIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface BackupMessageTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface BackupMessageValueFieldEvent {
    field: '$.value'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BackupMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupMessage>): BackupMessage {
    return decodeMessage(buf, BackupMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupMessage>): Generator<BackupMessageConversationFieldEvent | BackupMessageIdFieldEvent | BackupMessageTimestampFieldEvent | BackupMessageValueFieldEvent> {
    return streamMessage(buf, BackupMessage.codec(), opts)
  }
}

export interface BackupEnd {
  entries: bigint
  messages: bigint
  conversations: number
  blobs: number
  chunks: bigint
}

export namespace BackupEnd {
  let _codec: Codec<BackupEnd>

  export const codec = (): Codec<BackupEnd> => {
    if (_codec == null) {
      _codec = message<BackupEnd>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.entries != null && obj.entries !== 0n)) {
          w.uint32(8)
          w.uint64(obj.entries)
        }

        if ((obj.messages != null && obj.messages !== 0n)) {
          w.uint32(16)
          w.uint64(obj.messages)
        }

        if ((obj.conversations != null && obj.conversations !== 0)) {
          w.uint32(24)
          w.uint32(obj.conversations)
        }

        if ((obj.blobs != null && obj.blobs !== 0)) {
          w.uint32(32)
          w.uint32(obj.blobs)
        }

        if ((obj.chunks != null && obj.chunks !== 0n)) {
          w.uint32(40)
          w.uint64(obj.chunks)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          entries: 0n,
          messages: 0n,
          conversations: 0,
          blobs: 0,
          chunks: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.entries = reader.uint64()
              break
            }
            case 2: {
              obj.messages = reader.uint64()
              break
            }
            case 3: {
              obj.conversations = reader.uint32()
              break
            }
            case 4: {
              obj.blobs = reader.uint32()
              break
            }
            case 5: {
              obj.chunks = reader.uint64()
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
                field: `${prefix}.entries`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.messages`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.conversations`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.blobs`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.chunks`,
                value: reader.uint64()
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

  export interface BackupEndEntriesFieldEvent {
    field: '$.entries'
    value: bigint
  }

  export interface BackupEndMessagesFieldEvent {
    field: '$.messages'
    value: bigint
  }

  export interface BackupEndConversationsFieldEvent {
    field: '$.conversations'
    value: number
  }

  export interface BackupEndBlobsFieldEvent {
    field: '$.blobs'
    value: number
  }

  export interface BackupEndChunksFieldEvent {
    field: '$.chunks'
    value: bigint
  }

  export function encode (obj: Partial<BackupEnd>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupEnd.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupEnd>): BackupEnd {
    return decodeMessage(buf, BackupEnd.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupEnd>): Generator<BackupEndEntriesFieldEvent | BackupEndMessagesFieldEvent | BackupEndConversationsFieldEvent | BackupEndBlobsFieldEvent | BackupEndChunksFieldEvent> {
    return streamMessage(buf, BackupEnd.codec(), opts)
  }
}

export interface BackupBlob {
  root: Uint8Array<ArrayBuffer>
  count: number
  size: bigint
}

export namespace BackupBlob {
  let _codec: Codec<BackupBlob>

  export const codec = (): Codec<BackupBlob> => {
    if (_codec == null) {
      _codec = message<BackupBlob>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.root != null && obj.root.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.root)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(16)
          w.uint32(obj.count)
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(24)
          w.uint64(obj.size)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          root: uint8ArrayAlloc(0),
          count: 0,
          size: 0n
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
              obj.count = reader.uint32()
              break
            }
            case 3: {
              obj.size = reader.uint64()
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
                field: `${prefix}.root`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
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

  export interface BackupBlobRootFieldEvent {
    field: '$.root'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BackupBlobCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface BackupBlobSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export function encode (obj: Partial<BackupBlob>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupBlob.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupBlob>): BackupBlob {
    return decodeMessage(buf, BackupBlob.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupBlob>): Generator<BackupBlobRootFieldEvent | BackupBlobCountFieldEvent | BackupBlobSizeFieldEvent> {
    return streamMessage(buf, BackupBlob.codec(), opts)
  }
}

export interface BackupChunk {
  index: number
  chunk: Uint8Array<ArrayBuffer>
}

export namespace BackupChunk {
  let _codec: Codec<BackupChunk>

  export const codec = (): Codec<BackupChunk> => {
    if (_codec == null) {
      _codec = message<BackupChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(8)
          w.uint32(obj.index)
        }

        if ((obj.chunk != null && obj.chunk.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.chunk)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          index: 0,
          chunk: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.index = reader.uint32()
              break
            }
            case 2: {
              obj.chunk = reader.bytes()
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
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.chunk`,
                value: reader.bytes()
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

  export interface BackupChunkIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface BackupChunkChunkFieldEvent {
    field: '$.chunk'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BackupChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BackupChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupChunk>): BackupChunk {
    return decodeMessage(buf, BackupChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BackupChunk>): Generator<BackupChunkIndexFieldEvent | BackupChunkChunkFieldEvent> {
    return streamMessage(buf, BackupChunk.codec(), opts)
  }
}
