import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Envelope {
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
  author: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if ((obj.author != null && obj.author.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.author)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0),
          author: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.payload = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            case 3: {
              obj.author = reader.bytes()
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
                field: `${prefix}.payload`,
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
            case 3: {
              yield {
                field: `${prefix}.author`,
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

  export interface EnvelopePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeAuthorFieldEvent {
    field: '$.author'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopePayloadFieldEvent | EnvelopeSignatureFieldEvent | EnvelopeAuthorFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface RoomEvent {
  room: string
  sentAt: bigint
  nick: string
  kind: RoomEvent.Kind
  text: string
  replyTo: string
  target: string
  reaction: string
  nonce: Uint8Array<ArrayBuffer>
  moderation: Uint8Array<ArrayBuffer>
  file: Uint8Array<ArrayBuffer>
  mentions: string[]
  holds: Uint8Array<ArrayBuffer>[]
}

export namespace RoomEvent {
  export enum Kind {
    TEXT = 'TEXT',
    EDIT = 'EDIT',
    DELETE = 'DELETE',
    REACTION = 'REACTION',
    PRESENCE = 'PRESENCE',
    MODERATION = 'MODERATION'
  }

  enum __KindValues {
    TEXT = 0,
    EDIT = 1,
    DELETE = 2,
    REACTION = 3,
    PRESENCE = 4,
    MODERATION = 5
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<RoomEvent>

  export const codec = (): Codec<RoomEvent> => {
    if (_codec == null) {
      _codec = message<RoomEvent>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(10)
          w.string(obj.room)
        }

        if ((obj.sentAt != null && obj.sentAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.sentAt)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(26)
          w.string(obj.nick)
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(32)
          RoomEvent.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(42)
          w.string(obj.text)
        }

        if ((obj.replyTo != null && obj.replyTo !== '')) {
          w.uint32(50)
          w.string(obj.replyTo)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(58)
          w.string(obj.target)
        }

        if ((obj.reaction != null && obj.reaction !== '')) {
          w.uint32(66)
          w.string(obj.reaction)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.nonce)
        }

        if ((obj.moderation != null && obj.moderation.byteLength > 0)) {
          w.uint32(82)
          w.bytes(obj.moderation)
        }

        if ((obj.file != null && obj.file.byteLength > 0)) {
          w.uint32(90)
          w.bytes(obj.file)
        }

        if (obj.mentions != null && obj.mentions.length > 0) {
          for (const value of obj.mentions) {
            w.uint32(98)
            w.string(value)
          }
        }

        if (obj.holds != null && obj.holds.length > 0) {
          for (const value of obj.holds) {
            w.uint32(106)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          sentAt: 0n,
          nick: '',
          kind: Kind.TEXT,
          text: '',
          replyTo: '',
          target: '',
          reaction: '',
          nonce: uint8ArrayAlloc(0),
          moderation: uint8ArrayAlloc(0),
          file: uint8ArrayAlloc(0),
          mentions: [],
          holds: []
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
              obj.sentAt = reader.uint64()
              break
            }
            case 3: {
              obj.nick = reader.string()
              break
            }
            case 4: {
              obj.kind = RoomEvent.Kind.codec().decode(reader)
              break
            }
            case 5: {
              obj.text = reader.string()
              break
            }
            case 6: {
              obj.replyTo = reader.string()
              break
            }
            case 7: {
              obj.target = reader.string()
              break
            }
            case 8: {
              obj.reaction = reader.string()
              break
            }
            case 9: {
              obj.nonce = reader.bytes()
              break
            }
            case 10: {
              obj.moderation = reader.bytes()
              break
            }
            case 11: {
              obj.file = reader.bytes()
              break
            }
            case 12: {
              if (opts.limits?.mentions != null && obj.mentions.length === opts.limits.mentions) {
                throw new MaxLengthError('Decode error - repeated field "mentions" had too many elements')
              }

              obj.mentions.push(reader.string())
              break
            }
            case 13: {
              if (opts.limits?.holds != null && obj.holds.length === opts.limits.holds) {
                throw new MaxLengthError('Decode error - repeated field "holds" had too many elements')
              }

              obj.holds.push(reader.bytes())
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
          mentions: 0,
          holds: 0
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
                field: `${prefix}.sentAt`,
                value: reader.uint64()
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
                field: `${prefix}.kind`,
                value: RoomEvent.Kind.codec().decode(reader)
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
                field: `${prefix}.replyTo`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.reaction`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.moderation`,
                value: reader.bytes()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.file`,
                value: reader.bytes()
              }
              break
            }
            case 12: {
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
            case 13: {
              if (opts.limits?.holds != null && obj.holds === opts.limits.holds) {
                throw new MaxLengthError('Streaming decode error - repeated field "holds" had too many elements')
              }

              yield {
                field: `${prefix}.holds[]`,
                index: obj.holds,
                value: reader.bytes()
              }

              obj.holds++

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

  export interface RoomEventRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface RoomEventSentAtFieldEvent {
    field: '$.sentAt'
    value: bigint
  }

  export interface RoomEventNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface RoomEventKindFieldEvent {
    field: '$.kind'
    value: RoomEvent.Kind
  }

  export interface RoomEventTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface RoomEventReplyToFieldEvent {
    field: '$.replyTo'
    value: string
  }

  export interface RoomEventTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface RoomEventReactionFieldEvent {
    field: '$.reaction'
    value: string
  }

  export interface RoomEventNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomEventModerationFieldEvent {
    field: '$.moderation'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomEventFileFieldEvent {
    field: '$.file'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoomEventMentionsFieldEvent {
    field: '$.mentions[]'
    index: number
    value: string
  }

  export interface RoomEventHoldsFieldEvent {
    field: '$.holds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<RoomEvent>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoomEvent.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomEvent>): RoomEvent {
    return decodeMessage(buf, RoomEvent.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoomEvent>): Generator<RoomEventRoomFieldEvent | RoomEventSentAtFieldEvent | RoomEventNickFieldEvent | RoomEventKindFieldEvent | RoomEventTextFieldEvent | RoomEventReplyToFieldEvent | RoomEventTargetFieldEvent | RoomEventReactionFieldEvent | RoomEventNonceFieldEvent | RoomEventModerationFieldEvent | RoomEventFileFieldEvent | RoomEventMentionsFieldEvent | RoomEventHoldsFieldEvent> {
    return streamMessage(buf, RoomEvent.codec(), opts)
  }
}

export interface StoredMessage {
  envelope: Uint8Array<ArrayBuffer>
  receivedAt: bigint
  editedText?: string
  editedAt: bigint
  deleted: boolean
  reactions: Reaction[]
  editedId: string
}

export namespace StoredMessage {
  let _codec: Codec<StoredMessage>

  export const codec = (): Codec<StoredMessage> => {
    if (_codec == null) {
      _codec = message<StoredMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.envelope)
        }

        if ((obj.receivedAt != null && obj.receivedAt !== 0n)) {
          w.uint32(16)
          w.uint64(obj.receivedAt)
        }

        if (obj.editedText != null) {
          w.uint32(26)
          w.string(obj.editedText)
        }

        if ((obj.editedAt != null && obj.editedAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.editedAt)
        }

        if ((obj.deleted != null && obj.deleted !== false)) {
          w.uint32(40)
          w.bool(obj.deleted)
        }

        if (obj.reactions != null && obj.reactions.length > 0) {
          for (const value of obj.reactions) {
            w.uint32(50)
            Reaction.codec().encode(value, w)
          }
        }

        if ((obj.editedId != null && obj.editedId !== '')) {
          w.uint32(58)
          w.string(obj.editedId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelope: uint8ArrayAlloc(0),
          receivedAt: 0n,
          editedAt: 0n,
          deleted: false,
          reactions: [],
          editedId: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = reader.bytes()
              break
            }
            case 2: {
              obj.receivedAt = reader.uint64()
              break
            }
            case 3: {
              obj.editedText = reader.string()
              break
            }
            case 4: {
              obj.editedAt = reader.uint64()
              break
            }
            case 5: {
              obj.deleted = reader.bool()
              break
            }
            case 6: {
              if (opts.limits?.reactions != null && obj.reactions.length === opts.limits.reactions) {
                throw new MaxLengthError('Decode error - repeated field "reactions" had too many elements')
              }

              obj.reactions.push(Reaction.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reactions$
              }))
              break
            }
            case 7: {
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
              yield {
                field: `${prefix}.envelope`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.receivedAt`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.editedText`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.editedAt`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.deleted`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              if (opts.limits?.reactions != null && obj.reactions === opts.limits.reactions) {
                throw new MaxLengthError('Streaming decode error - repeated field "reactions" had too many elements')
              }

              for (const evt of Reaction.codec().stream(reader, reader.uint32(), `${prefix}.reactions[]`, {
                limits: opts.limits?.reactions$
              })) {
                yield {
                  ...evt,
                  index: obj.reactions
                }
              }

              obj.reactions++

              break
            }
            case 7: {
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

  export interface StoredMessageEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredMessageReceivedAtFieldEvent {
    field: '$.receivedAt'
    value: bigint
  }

  export interface StoredMessageEditedTextFieldEvent {
    field: '$.editedText'
    value: string
  }

  export interface StoredMessageEditedAtFieldEvent {
    field: '$.editedAt'
    value: bigint
  }

  export interface StoredMessageDeletedFieldEvent {
    field: '$.deleted'
    value: boolean
  }

  export interface StoredMessageReactionsAuthorFieldEvent {
    field: '$.reactions[].author'
    value: string
    index: number
  }

  export interface StoredMessageReactionsReactionFieldEvent {
    field: '$.reactions[].reaction'
    value: string
    index: number
  }

  export interface StoredMessageEditedIdFieldEvent {
    field: '$.editedId'
    value: string
  }

  export function encode (obj: Partial<StoredMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredMessage>): StoredMessage {
    return decodeMessage(buf, StoredMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredMessage>): Generator<StoredMessageEnvelopeFieldEvent | StoredMessageReceivedAtFieldEvent | StoredMessageEditedTextFieldEvent | StoredMessageEditedAtFieldEvent | StoredMessageDeletedFieldEvent | StoredMessageReactionsAuthorFieldEvent | StoredMessageReactionsReactionFieldEvent | StoredMessageEditedIdFieldEvent> {
    return streamMessage(buf, StoredMessage.codec(), opts)
  }
}

export interface Reaction {
  author: string
  reaction: string
}

export namespace Reaction {
  let _codec: Codec<Reaction>

  export const codec = (): Codec<Reaction> => {
    if (_codec == null) {
      _codec = message<Reaction>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.author != null && obj.author !== '')) {
          w.uint32(10)
          w.string(obj.author)
        }

        if ((obj.reaction != null && obj.reaction !== '')) {
          w.uint32(18)
          w.string(obj.reaction)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          author: '',
          reaction: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.author = reader.string()
              break
            }
            case 2: {
              obj.reaction = reader.string()
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
                field: `${prefix}.author`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reaction`,
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

  export interface ReactionAuthorFieldEvent {
    field: '$.author'
    value: string
  }

  export interface ReactionReactionFieldEvent {
    field: '$.reaction'
    value: string
  }

  export function encode (obj: Partial<Reaction>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Reaction.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reaction>): Reaction {
    return decodeMessage(buf, Reaction.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reaction>): Generator<ReactionAuthorFieldEvent | ReactionReactionFieldEvent> {
    return streamMessage(buf, Reaction.codec(), opts)
  }
}
