import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface DmFrame {
  ciphertext: Uint8Array<ArrayBuffer>
}

export namespace DmFrame {
  let _codec: Codec<DmFrame>

  export const codec = (): Codec<DmFrame> => {
    if (_codec == null) {
      _codec = message<DmFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ciphertext)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ciphertext: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ciphertext = reader.bytes()
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
                field: `${prefix}.ciphertext`,
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

  export interface DmFrameCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DmFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DmFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmFrame>): DmFrame {
    return decodeMessage(buf, DmFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmFrame>): Generator<DmFrameCiphertextFieldEvent> {
    return streamMessage(buf, DmFrame.codec(), opts)
  }
}

export interface DmAck {
  ok: boolean
  error: string
  code: DmAck.Code
  count: number
}

export namespace DmAck {
  export enum Code {
    OK = 'OK',
    REFUSED = 'REFUSED',
    RESTART_SESSION = 'RESTART_SESSION'
  }

  enum __CodeValues {
    OK = 0,
    REFUSED = 1,
    RESTART_SESSION = 2
  }

  export namespace Code {
    export const codec = (): Codec<Code> => {
      return enumeration<Code>(__CodeValues)
    }
  }

  let _codec: Codec<DmAck>

  export const codec = (): Codec<DmAck> => {
    if (_codec == null) {
      _codec = message<DmAck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(8)
          w.bool(obj.ok)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if (obj.code != null && __CodeValues[obj.code] !== 0) {
          w.uint32(24)
          DmAck.Code.codec().encode(obj.code, w)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(32)
          w.uint32(obj.count)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ok: false,
          error: '',
          code: Code.OK,
          count: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ok = reader.bool()
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              obj.code = DmAck.Code.codec().decode(reader)
              break
            }
            case 4: {
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.code`,
                value: DmAck.Code.codec().decode(reader)
              }
              break
            }
            case 4: {
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

  export interface DmAckOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface DmAckErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface DmAckCodeFieldEvent {
    field: '$.code'
    value: DmAck.Code
  }

  export interface DmAckCountFieldEvent {
    field: '$.count'
    value: number
  }

  export function encode (obj: Partial<DmAck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DmAck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmAck>): DmAck {
    return decodeMessage(buf, DmAck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmAck>): Generator<DmAckOkFieldEvent | DmAckErrorFieldEvent | DmAckCodeFieldEvent | DmAckCountFieldEvent> {
    return streamMessage(buf, DmAck.codec(), opts)
  }
}

export interface DmPayload {
  id: string
  kind: DmPayload.Kind
  sentAt: bigint
  nick: string
  text: string
  target: string
  reaction: string
  replyTo: string
  data: Uint8Array<ArrayBuffer>
  mentions: string[]
}

export namespace DmPayload {
  export enum Kind {
    TEXT = 'TEXT',
    DELIVERED = 'DELIVERED',
    READ = 'READ',
    TYPING = 'TYPING',
    EDIT = 'EDIT',
    DELETE = 'DELETE',
    REACTION = 'REACTION',
    INVITE = 'INVITE',
    REKEY = 'REKEY',
    MAILBOXES = 'MAILBOXES',
    SESSION_RESET = 'SESSION_RESET',
    REPORT = 'REPORT',
    FILE = 'FILE',
    CALL = 'CALL'
  }

  enum __KindValues {
    TEXT = 0,
    DELIVERED = 1,
    READ = 2,
    TYPING = 3,
    EDIT = 4,
    DELETE = 5,
    REACTION = 6,
    INVITE = 7,
    REKEY = 8,
    MAILBOXES = 9,
    SESSION_RESET = 10,
    REPORT = 11,
    FILE = 12,
    CALL = 13
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<DmPayload>

  export const codec = (): Codec<DmPayload> => {
    if (_codec == null) {
      _codec = message<DmPayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(16)
          DmPayload.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.sentAt != null && obj.sentAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.sentAt)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(34)
          w.string(obj.nick)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(42)
          w.string(obj.text)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(50)
          w.string(obj.target)
        }

        if ((obj.reaction != null && obj.reaction !== '')) {
          w.uint32(58)
          w.string(obj.reaction)
        }

        if ((obj.replyTo != null && obj.replyTo !== '')) {
          w.uint32(66)
          w.string(obj.replyTo)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.data)
        }

        if (obj.mentions != null && obj.mentions.length > 0) {
          for (const value of obj.mentions) {
            w.uint32(82)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          kind: Kind.TEXT,
          sentAt: 0n,
          nick: '',
          text: '',
          target: '',
          reaction: '',
          replyTo: '',
          data: uint8ArrayAlloc(0),
          mentions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.kind = DmPayload.Kind.codec().decode(reader)
              break
            }
            case 3: {
              obj.sentAt = reader.uint64()
              break
            }
            case 4: {
              obj.nick = reader.string()
              break
            }
            case 5: {
              obj.text = reader.string()
              break
            }
            case 6: {
              obj.target = reader.string()
              break
            }
            case 7: {
              obj.reaction = reader.string()
              break
            }
            case 8: {
              obj.replyTo = reader.string()
              break
            }
            case 9: {
              obj.data = reader.bytes()
              break
            }
            case 10: {
              if (opts.limits?.mentions != null && obj.mentions.length === opts.limits.mentions) {
                throw new MaxLengthError('Decode error - repeated field "mentions" had too many elements')
              }

              obj.mentions.push(reader.string())
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
          mentions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.kind`,
                value: DmPayload.Kind.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sentAt`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.nick`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.reaction`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.replyTo`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              if (opts.limits?.mentions != null && obj.mentions === opts.limits.mentions) {
                throw new MaxLengthError('Streaming decode error - repeated field "mentions" had too many elements')
              }

              yield {
                field: `${prefix}.mentions[]`,
                index: obj.mentions,
                value: reader.string()
              }

              obj.mentions++

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

  export interface DmPayloadIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface DmPayloadKindFieldEvent {
    field: '$.kind'
    value: DmPayload.Kind
  }

  export interface DmPayloadSentAtFieldEvent {
    field: '$.sentAt'
    value: bigint
  }

  export interface DmPayloadNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface DmPayloadTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface DmPayloadTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface DmPayloadReactionFieldEvent {
    field: '$.reaction'
    value: string
  }

  export interface DmPayloadReplyToFieldEvent {
    field: '$.replyTo'
    value: string
  }

  export interface DmPayloadDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DmPayloadMentionsFieldEvent {
    field: '$.mentions[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<DmPayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DmPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmPayload>): DmPayload {
    return decodeMessage(buf, DmPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DmPayload>): Generator<DmPayloadIdFieldEvent | DmPayloadKindFieldEvent | DmPayloadSentAtFieldEvent | DmPayloadNickFieldEvent | DmPayloadTextFieldEvent | DmPayloadTargetFieldEvent | DmPayloadReactionFieldEvent | DmPayloadReplyToFieldEvent | DmPayloadDataFieldEvent | DmPayloadMentionsFieldEvent> {
    return streamMessage(buf, DmPayload.codec(), opts)
  }
}

export interface PrekeyResponse {
  bundle: Uint8Array<ArrayBuffer>
}

export namespace PrekeyResponse {
  let _codec: Codec<PrekeyResponse>

  export const codec = (): Codec<PrekeyResponse> => {
    if (_codec == null) {
      _codec = message<PrekeyResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.bundle != null && obj.bundle.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.bundle)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          bundle: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.bundle = reader.bytes()
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
                field: `${prefix}.bundle`,
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

  export interface PrekeyResponseBundleFieldEvent {
    field: '$.bundle'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PrekeyResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PrekeyResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrekeyResponse>): PrekeyResponse {
    return decodeMessage(buf, PrekeyResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrekeyResponse>): Generator<PrekeyResponseBundleFieldEvent> {
    return streamMessage(buf, PrekeyResponse.codec(), opts)
  }
}

export interface StoredDm {
  payload?: DmPayload
  from: string
  outgoing: boolean
  delivered: boolean
  read: boolean
  editedText?: string
  deleted: boolean
  reactions: string[]
  editedAt: bigint
  editedId: string
}

export namespace StoredDm {
  let _codec: Codec<StoredDm>

  export const codec = (): Codec<StoredDm> => {
    if (_codec == null) {
      _codec = message<StoredDm>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.payload != null) {
          w.uint32(10)
          DmPayload.codec().encode(obj.payload, w)
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(18)
          w.string(obj.from)
        }

        if ((obj.outgoing != null && obj.outgoing !== false)) {
          w.uint32(24)
          w.bool(obj.outgoing)
        }

        if ((obj.delivered != null && obj.delivered !== false)) {
          w.uint32(32)
          w.bool(obj.delivered)
        }

        if ((obj.read != null && obj.read !== false)) {
          w.uint32(40)
          w.bool(obj.read)
        }

        if (obj.editedText != null) {
          w.uint32(50)
          w.string(obj.editedText)
        }

        if ((obj.deleted != null && obj.deleted !== false)) {
          w.uint32(56)
          w.bool(obj.deleted)
        }

        if (obj.reactions != null && obj.reactions.length > 0) {
          for (const value of obj.reactions) {
            w.uint32(66)
            w.string(value)
          }
        }

        if ((obj.editedAt != null && obj.editedAt !== 0n)) {
          w.uint32(72)
          w.uint64(obj.editedAt)
        }

        if ((obj.editedId != null && obj.editedId !== '')) {
          w.uint32(82)
          w.string(obj.editedId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: '',
          outgoing: false,
          delivered: false,
          read: false,
          deleted: false,
          reactions: [],
          editedAt: 0n,
          editedId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = DmPayload.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.payload
              })
              break
            }
            case 2: {
              obj.from = reader.string()
              break
            }
            case 3: {
              obj.outgoing = reader.bool()
              break
            }
            case 4: {
              obj.delivered = reader.bool()
              break
            }
            case 5: {
              obj.read = reader.bool()
              break
            }
            case 6: {
              obj.editedText = reader.string()
              break
            }
            case 7: {
              obj.deleted = reader.bool()
              break
            }
            case 8: {
              if (opts.limits?.reactions != null && obj.reactions.length === opts.limits.reactions) {
                throw new MaxLengthError('Decode error - repeated field "reactions" had too many elements')
              }

              obj.reactions.push(reader.string())
              break
            }
            case 9: {
              obj.editedAt = reader.uint64()
              break
            }
            case 10: {
              obj.editedId = reader.string()
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
          reactions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * DmPayload.codec().stream(reader, reader.uint32(), `${prefix}.payload`, {
                limits: opts.limits?.payload
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.from`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.outgoing`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.delivered`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.read`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.editedText`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.deleted`,
                value: reader.bool()
              }
              break
            }
            case 8: {
              if (opts.limits?.reactions != null && obj.reactions === opts.limits.reactions) {
                throw new MaxLengthError('Streaming decode error - repeated field "reactions" had too many elements')
              }

              yield {
                field: `${prefix}.reactions[]`,
                index: obj.reactions,
                value: reader.string()
              }

              obj.reactions++

              break
            }
            case 9: {
              yield {
                field: `${prefix}.editedAt`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.editedId`,
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

  export interface StoredDmPayloadIdFieldEvent {
    field: '$.payload.id'
    value: string
  }

  export interface StoredDmPayloadKindFieldEvent {
    field: '$.payload.kind'
    value: DmPayload.Kind
  }

  export interface StoredDmPayloadSentAtFieldEvent {
    field: '$.payload.sentAt'
    value: bigint
  }

  export interface StoredDmPayloadNickFieldEvent {
    field: '$.payload.nick'
    value: string
  }

  export interface StoredDmPayloadTextFieldEvent {
    field: '$.payload.text'
    value: string
  }

  export interface StoredDmPayloadTargetFieldEvent {
    field: '$.payload.target'
    value: string
  }

  export interface StoredDmPayloadReactionFieldEvent {
    field: '$.payload.reaction'
    value: string
  }

  export interface StoredDmPayloadReplyToFieldEvent {
    field: '$.payload.replyTo'
    value: string
  }

  export interface StoredDmPayloadDataFieldEvent {
    field: '$.payload.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredDmPayloadMentionsFieldEvent {
    field: '$.payload.mentions[]'
    index: number
    value: string
  }

  export interface StoredDmFromFieldEvent {
    field: '$.from'
    value: string
  }

  export interface StoredDmOutgoingFieldEvent {
    field: '$.outgoing'
    value: boolean
  }

  export interface StoredDmDeliveredFieldEvent {
    field: '$.delivered'
    value: boolean
  }

  export interface StoredDmReadFieldEvent {
    field: '$.read'
    value: boolean
  }

  export interface StoredDmEditedTextFieldEvent {
    field: '$.editedText'
    value: string
  }

  export interface StoredDmDeletedFieldEvent {
    field: '$.deleted'
    value: boolean
  }

  export interface StoredDmReactionsFieldEvent {
    field: '$.reactions[]'
    index: number
    value: string
  }

  export interface StoredDmEditedAtFieldEvent {
    field: '$.editedAt'
    value: bigint
  }

  export interface StoredDmEditedIdFieldEvent {
    field: '$.editedId'
    value: string
  }

  export function encode (obj: Partial<StoredDm>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredDm.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredDm>): StoredDm {
    return decodeMessage(buf, StoredDm.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredDm>): Generator<StoredDmPayloadIdFieldEvent | StoredDmPayloadKindFieldEvent | StoredDmPayloadSentAtFieldEvent | StoredDmPayloadNickFieldEvent | StoredDmPayloadTextFieldEvent | StoredDmPayloadTargetFieldEvent | StoredDmPayloadReactionFieldEvent | StoredDmPayloadReplyToFieldEvent | StoredDmPayloadDataFieldEvent | StoredDmPayloadMentionsFieldEvent | StoredDmFromFieldEvent | StoredDmOutgoingFieldEvent | StoredDmDeliveredFieldEvent | StoredDmReadFieldEvent | StoredDmEditedTextFieldEvent | StoredDmDeletedFieldEvent | StoredDmReactionsFieldEvent | StoredDmEditedAtFieldEvent | StoredDmEditedIdFieldEvent> {
    return streamMessage(buf, StoredDm.codec(), opts)
  }
}

export interface HeldRequest {
  firstAt: bigint
  lastAt: bigint
  messages: StoredDm[]
}

export namespace HeldRequest {
  let _codec: Codec<HeldRequest>

  export const codec = (): Codec<HeldRequest> => {
    if (_codec == null) {
      _codec = message<HeldRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.firstAt != null && obj.firstAt !== 0n)) {
          w.uint32(8)
          w.uint64(obj.firstAt)
        }

        if ((obj.lastAt != null && obj.lastAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.lastAt)
        }

        if (obj.messages != null && obj.messages.length > 0) {
          for (const value of obj.messages) {
            w.uint32(26)
            StoredDm.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          firstAt: 0n,
          lastAt: 0n,
          messages: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.firstAt = reader.uint64()
              break
            }
            case 2: {
              obj.lastAt = reader.uint64()
              break
            }
            case 3: {
              if (opts.limits?.messages != null && obj.messages.length === opts.limits.messages) {
                throw new MaxLengthError('Decode error - repeated field "messages" had too many elements')
              }

              obj.messages.push(StoredDm.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.messages$
              }))
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
          messages: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.firstAt`,
                value: reader.uint64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.lastAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              if (opts.limits?.messages != null && obj.messages === opts.limits.messages) {
                throw new MaxLengthError('Streaming decode error - repeated field "messages" had too many elements')
              }

              for (const evt of StoredDm.codec().stream(reader, reader.uint32(), `${prefix}.messages[]`, {
                limits: opts.limits?.messages$
              })) {
                yield {
                  ...evt,
                  index: obj.messages
                }
              }

              obj.messages++

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

  export interface HeldRequestFirstAtFieldEvent {
    field: '$.firstAt'
    value: bigint
  }

  export interface HeldRequestLastAtFieldEvent {
    field: '$.lastAt'
    value: bigint
  }

  export interface HeldRequestMessagesPayloadIdFieldEvent {
    field: '$.messages[].payload.id'
    value: string
    index: number
  }

  export interface HeldRequestMessagesPayloadKindFieldEvent {
    field: '$.messages[].payload.kind'
    value: DmPayload.Kind
    index: number
  }

  export interface HeldRequestMessagesPayloadSentAtFieldEvent {
    field: '$.messages[].payload.sentAt'
    value: bigint
    index: number
  }

  export interface HeldRequestMessagesPayloadNickFieldEvent {
    field: '$.messages[].payload.nick'
    value: string
    index: number
  }

  export interface HeldRequestMessagesPayloadTextFieldEvent {
    field: '$.messages[].payload.text'
    value: string
    index: number
  }

  export interface HeldRequestMessagesPayloadTargetFieldEvent {
    field: '$.messages[].payload.target'
    value: string
    index: number
  }

  export interface HeldRequestMessagesPayloadReactionFieldEvent {
    field: '$.messages[].payload.reaction'
    value: string
    index: number
  }

  export interface HeldRequestMessagesPayloadReplyToFieldEvent {
    field: '$.messages[].payload.replyTo'
    value: string
    index: number
  }

  export interface HeldRequestMessagesPayloadDataFieldEvent {
    field: '$.messages[].payload.data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface HeldRequestMessagesPayloadMentionsFieldEvent {
    field: '$.messages[].payload.mentions[]'
    index: number
    value: string
  }

  export interface HeldRequestMessagesFromFieldEvent {
    field: '$.messages[].from'
    value: string
    index: number
  }

  export interface HeldRequestMessagesOutgoingFieldEvent {
    field: '$.messages[].outgoing'
    value: boolean
    index: number
  }

  export interface HeldRequestMessagesDeliveredFieldEvent {
    field: '$.messages[].delivered'
    value: boolean
    index: number
  }

  export interface HeldRequestMessagesReadFieldEvent {
    field: '$.messages[].read'
    value: boolean
    index: number
  }

  export interface HeldRequestMessagesEditedTextFieldEvent {
    field: '$.messages[].editedText'
    value: string
    index: number
  }

  export interface HeldRequestMessagesDeletedFieldEvent {
    field: '$.messages[].deleted'
    value: boolean
    index: number
  }

  export interface HeldRequestMessagesReactionsFieldEvent {
    field: '$.messages[].reactions[]'
    index: number
    value: string
  }

  export interface HeldRequestMessagesEditedAtFieldEvent {
    field: '$.messages[].editedAt'
    value: bigint
    index: number
  }

  export interface HeldRequestMessagesEditedIdFieldEvent {
    field: '$.messages[].editedId'
    value: string
    index: number
  }

  export function encode (obj: Partial<HeldRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, HeldRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HeldRequest>): HeldRequest {
    return decodeMessage(buf, HeldRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<HeldRequest>): Generator<HeldRequestFirstAtFieldEvent | HeldRequestLastAtFieldEvent | HeldRequestMessagesPayloadIdFieldEvent | HeldRequestMessagesPayloadKindFieldEvent | HeldRequestMessagesPayloadSentAtFieldEvent | HeldRequestMessagesPayloadNickFieldEvent | HeldRequestMessagesPayloadTextFieldEvent | HeldRequestMessagesPayloadTargetFieldEvent | HeldRequestMessagesPayloadReactionFieldEvent | HeldRequestMessagesPayloadReplyToFieldEvent | HeldRequestMessagesPayloadDataFieldEvent | HeldRequestMessagesPayloadMentionsFieldEvent | HeldRequestMessagesFromFieldEvent | HeldRequestMessagesOutgoingFieldEvent | HeldRequestMessagesDeliveredFieldEvent | HeldRequestMessagesReadFieldEvent | HeldRequestMessagesEditedTextFieldEvent | HeldRequestMessagesDeletedFieldEvent | HeldRequestMessagesReactionsFieldEvent | HeldRequestMessagesEditedAtFieldEvent | HeldRequestMessagesEditedIdFieldEvent> {
    return streamMessage(buf, HeldRequest.codec(), opts)
  }
}

export interface MailboxRequest {
  op: MailboxRequest.Op
  recipient: string
  frame: Uint8Array<ArrayBuffer>
  ids: string[]
}

export namespace MailboxRequest {
  export enum Op {
    DEPOSIT = 'DEPOSIT',
    FETCH = 'FETCH',
    ACK = 'ACK',
    STATUS = 'STATUS'
  }

  enum __OpValues {
    DEPOSIT = 0,
    FETCH = 1,
    ACK = 2,
    STATUS = 3
  }

  export namespace Op {
    export const codec = (): Codec<Op> => {
      return enumeration<Op>(__OpValues)
    }
  }

  let _codec: Codec<MailboxRequest>

  export const codec = (): Codec<MailboxRequest> => {
    if (_codec == null) {
      _codec = message<MailboxRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.op != null && __OpValues[obj.op] !== 0) {
          w.uint32(8)
          MailboxRequest.Op.codec().encode(obj.op, w)
        }

        if ((obj.recipient != null && obj.recipient !== '')) {
          w.uint32(18)
          w.string(obj.recipient)
        }

        if ((obj.frame != null && obj.frame.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.frame)
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(34)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          op: Op.DEPOSIT,
          recipient: '',
          frame: uint8ArrayAlloc(0),
          ids: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.op = MailboxRequest.Op.codec().decode(reader)
              break
            }
            case 2: {
              obj.recipient = reader.string()
              break
            }
            case 3: {
              obj.frame = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.string())
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
          ids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.op`,
                value: MailboxRequest.Op.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.recipient`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.frame`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.string()
              }

              obj.ids++

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

  export interface MailboxRequestOpFieldEvent {
    field: '$.op'
    value: MailboxRequest.Op
  }

  export interface MailboxRequestRecipientFieldEvent {
    field: '$.recipient'
    value: string
  }

  export interface MailboxRequestFrameFieldEvent {
    field: '$.frame'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<MailboxRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRequest>): MailboxRequest {
    return decodeMessage(buf, MailboxRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRequest>): Generator<MailboxRequestOpFieldEvent | MailboxRequestRecipientFieldEvent | MailboxRequestFrameFieldEvent | MailboxRequestIdsFieldEvent> {
    return streamMessage(buf, MailboxRequest.codec(), opts)
  }
}

export interface MailboxItem {
  id: string
  sender: string
  frame: Uint8Array<ArrayBuffer>
  depositedAt: bigint
}

export namespace MailboxItem {
  let _codec: Codec<MailboxItem>

  export const codec = (): Codec<MailboxItem> => {
    if (_codec == null) {
      _codec = message<MailboxItem>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id !== '')) {
          w.uint32(10)
          w.string(obj.id)
        }

        if ((obj.sender != null && obj.sender !== '')) {
          w.uint32(18)
          w.string(obj.sender)
        }

        if ((obj.frame != null && obj.frame.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.frame)
        }

        if ((obj.depositedAt != null && obj.depositedAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.depositedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: '',
          sender: '',
          frame: uint8ArrayAlloc(0),
          depositedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.string()
              break
            }
            case 2: {
              obj.sender = reader.string()
              break
            }
            case 3: {
              obj.frame = reader.bytes()
              break
            }
            case 4: {
              obj.depositedAt = reader.uint64()
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
                field: `${prefix}.id`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.sender`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.frame`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.depositedAt`,
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

  export interface MailboxItemIdFieldEvent {
    field: '$.id'
    value: string
  }

  export interface MailboxItemSenderFieldEvent {
    field: '$.sender'
    value: string
  }

  export interface MailboxItemFrameFieldEvent {
    field: '$.frame'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemDepositedAtFieldEvent {
    field: '$.depositedAt'
    value: bigint
  }

  export function encode (obj: Partial<MailboxItem>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxItem.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxItem>): MailboxItem {
    return decodeMessage(buf, MailboxItem.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxItem>): Generator<MailboxItemIdFieldEvent | MailboxItemSenderFieldEvent | MailboxItemFrameFieldEvent | MailboxItemDepositedAtFieldEvent> {
    return streamMessage(buf, MailboxItem.codec(), opts)
  }
}

export interface MailboxReply {
  ok: boolean
  error: string
  items: MailboxItem[]
  held: number
}

export namespace MailboxReply {
  let _codec: Codec<MailboxReply>

  export const codec = (): Codec<MailboxReply> => {
    if (_codec == null) {
      _codec = message<MailboxReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(8)
          w.bool(obj.ok)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(26)
            MailboxItem.codec().encode(value, w)
          }
        }

        if ((obj.held != null && obj.held !== 0)) {
          w.uint32(32)
          w.uint32(obj.held)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ok: false,
          error: '',
          items: [],
          held: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ok = reader.bool()
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(MailboxItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
              }))
              break
            }
            case 4: {
              obj.held = reader.uint32()
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
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of MailboxItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.held`,
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

  export interface MailboxReplyOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface MailboxReplyErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface MailboxReplyItemsIdFieldEvent {
    field: '$.items[].id'
    value: string
    index: number
  }

  export interface MailboxReplyItemsSenderFieldEvent {
    field: '$.items[].sender'
    value: string
    index: number
  }

  export interface MailboxReplyItemsFrameFieldEvent {
    field: '$.items[].frame'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxReplyItemsDepositedAtFieldEvent {
    field: '$.items[].depositedAt'
    value: bigint
    index: number
  }

  export interface MailboxReplyHeldFieldEvent {
    field: '$.held'
    value: number
  }

  export function encode (obj: Partial<MailboxReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxReply>): MailboxReply {
    return decodeMessage(buf, MailboxReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxReply>): Generator<MailboxReplyOkFieldEvent | MailboxReplyErrorFieldEvent | MailboxReplyItemsIdFieldEvent | MailboxReplyItemsSenderFieldEvent | MailboxReplyItemsFrameFieldEvent | MailboxReplyItemsDepositedAtFieldEvent | MailboxReplyHeldFieldEvent> {
    return streamMessage(buf, MailboxReply.codec(), opts)
  }
}

export interface SignedMailboxAnnouncement {
  announcement: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedMailboxAnnouncement {
  let _codec: Codec<SignedMailboxAnnouncement>

  export const codec = (): Codec<SignedMailboxAnnouncement> => {
    if (_codec == null) {
      _codec = message<SignedMailboxAnnouncement>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.announcement != null && obj.announcement.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.announcement)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          announcement: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.announcement = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
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
                field: `${prefix}.announcement`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
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

  export interface SignedMailboxAnnouncementAnnouncementFieldEvent {
    field: '$.announcement'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedMailboxAnnouncementSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedMailboxAnnouncement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedMailboxAnnouncement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedMailboxAnnouncement>): SignedMailboxAnnouncement {
    return decodeMessage(buf, SignedMailboxAnnouncement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedMailboxAnnouncement>): Generator<SignedMailboxAnnouncementAnnouncementFieldEvent | SignedMailboxAnnouncementSignatureFieldEvent> {
    return streamMessage(buf, SignedMailboxAnnouncement.codec(), opts)
  }
}

export interface MailboxAnnouncement {
  peer: string
  mailboxes: string[]
  issuedAt: bigint
}

export namespace MailboxAnnouncement {
  let _codec: Codec<MailboxAnnouncement>

  export const codec = (): Codec<MailboxAnnouncement> => {
    if (_codec == null) {
      _codec = message<MailboxAnnouncement>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peer != null && obj.peer !== '')) {
          w.uint32(10)
          w.string(obj.peer)
        }

        if (obj.mailboxes != null && obj.mailboxes.length > 0) {
          for (const value of obj.mailboxes) {
            w.uint32(18)
            w.string(value)
          }
        }

        if ((obj.issuedAt != null && obj.issuedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.issuedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peer: '',
          mailboxes: [],
          issuedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peer = reader.string()
              break
            }
            case 2: {
              if (opts.limits?.mailboxes != null && obj.mailboxes.length === opts.limits.mailboxes) {
                throw new MaxLengthError('Decode error - repeated field "mailboxes" had too many elements')
              }

              obj.mailboxes.push(reader.string())
              break
            }
            case 3: {
              obj.issuedAt = reader.uint64()
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
          mailboxes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peer`,
                value: reader.string()
              }
              break
            }
            case 2: {
              if (opts.limits?.mailboxes != null && obj.mailboxes === opts.limits.mailboxes) {
                throw new MaxLengthError('Streaming decode error - repeated field "mailboxes" had too many elements')
              }

              yield {
                field: `${prefix}.mailboxes[]`,
                index: obj.mailboxes,
                value: reader.string()
              }

              obj.mailboxes++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.issuedAt`,
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

  export interface MailboxAnnouncementPeerFieldEvent {
    field: '$.peer'
    value: string
  }

  export interface MailboxAnnouncementMailboxesFieldEvent {
    field: '$.mailboxes[]'
    index: number
    value: string
  }

  export interface MailboxAnnouncementIssuedAtFieldEvent {
    field: '$.issuedAt'
    value: bigint
  }

  export function encode (obj: Partial<MailboxAnnouncement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxAnnouncement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxAnnouncement>): MailboxAnnouncement {
    return decodeMessage(buf, MailboxAnnouncement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxAnnouncement>): Generator<MailboxAnnouncementPeerFieldEvent | MailboxAnnouncementMailboxesFieldEvent | MailboxAnnouncementIssuedAtFieldEvent> {
    return streamMessage(buf, MailboxAnnouncement.codec(), opts)
  }
}
