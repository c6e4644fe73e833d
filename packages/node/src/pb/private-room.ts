import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface PrivateRoomState {
  roomId: Uint8Array<ArrayBuffer>
  secret: Uint8Array<ArrayBuffer>
  ownerKey: Uint8Array<ArrayBuffer>
  name: string
  members: string[]
  keyring: Uint8Array<ArrayBuffer>
}

export namespace PrivateRoomState {
  let _codec: Codec<PrivateRoomState>

  export const codec = (): Codec<PrivateRoomState> => {
    if (_codec == null) {
      _codec = message<PrivateRoomState>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.roomId != null && obj.roomId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.roomId)
        }

        if ((obj.secret != null && obj.secret.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.secret)
        }

        if ((obj.ownerKey != null && obj.ownerKey.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.ownerKey)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(34)
          w.string(obj.name)
        }

        if (obj.members != null && obj.members.length > 0) {
          for (const value of obj.members) {
            w.uint32(42)
            w.string(value)
          }
        }

        if ((obj.keyring != null && obj.keyring.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.keyring)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          roomId: uint8ArrayAlloc(0),
          secret: uint8ArrayAlloc(0),
          ownerKey: uint8ArrayAlloc(0),
          name: '',
          members: [],
          keyring: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.roomId = reader.bytes()
              break
            }
            case 2: {
              obj.secret = reader.bytes()
              break
            }
            case 3: {
              obj.ownerKey = reader.bytes()
              break
            }
            case 4: {
              obj.name = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.members != null && obj.members.length === opts.limits.members) {
                throw new MaxLengthError('Decode error - repeated field "members" had too many elements')
              }

              obj.members.push(reader.string())
              break
            }
            case 6: {
              obj.keyring = reader.bytes()
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
          members: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.roomId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.secret`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.ownerKey`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.members != null && obj.members === opts.limits.members) {
                throw new MaxLengthError('Streaming decode error - repeated field "members" had too many elements')
              }

              yield {
                field: `${prefix}.members[]`,
                index: obj.members,
                value: reader.string()
              }

              obj.members++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.keyring`,
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

  export interface PrivateRoomStateRoomIdFieldEvent {
    field: '$.roomId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateRoomStateSecretFieldEvent {
    field: '$.secret'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateRoomStateOwnerKeyFieldEvent {
    field: '$.ownerKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateRoomStateNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface PrivateRoomStateMembersFieldEvent {
    field: '$.members[]'
    index: number
    value: string
  }

  export interface PrivateRoomStateKeyringFieldEvent {
    field: '$.keyring'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PrivateRoomState>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PrivateRoomState.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrivateRoomState>): PrivateRoomState {
    return decodeMessage(buf, PrivateRoomState.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrivateRoomState>): Generator<PrivateRoomStateRoomIdFieldEvent | PrivateRoomStateSecretFieldEvent | PrivateRoomStateOwnerKeyFieldEvent | PrivateRoomStateNameFieldEvent | PrivateRoomStateMembersFieldEvent | PrivateRoomStateKeyringFieldEvent> {
    return streamMessage(buf, PrivateRoomState.codec(), opts)
  }
}

export interface PrivateRoomBody {
  text: string
  nick: string
  sentAt: bigint
  nonce: Uint8Array<ArrayBuffer>
  file: Uint8Array<ArrayBuffer>
  mentions: string[]
  holds: Uint8Array<ArrayBuffer>[]
}

export namespace PrivateRoomBody {
  let _codec: Codec<PrivateRoomBody>

  export const codec = (): Codec<PrivateRoomBody> => {
    if (_codec == null) {
      _codec = message<PrivateRoomBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(10)
          w.string(obj.text)
        }

        if ((obj.nick != null && obj.nick !== '')) {
          w.uint32(18)
          w.string(obj.nick)
        }

        if ((obj.sentAt != null && obj.sentAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.sentAt)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.nonce)
        }

        if ((obj.file != null && obj.file.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.file)
        }

        if (obj.mentions != null && obj.mentions.length > 0) {
          for (const value of obj.mentions) {
            w.uint32(50)
            w.string(value)
          }
        }

        if (obj.holds != null && obj.holds.length > 0) {
          for (const value of obj.holds) {
            w.uint32(58)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          text: '',
          nick: '',
          sentAt: 0n,
          nonce: uint8ArrayAlloc(0),
          file: uint8ArrayAlloc(0),
          mentions: [],
          holds: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.text = reader.string()
              break
            }
            case 2: {
              obj.nick = reader.string()
              break
            }
            case 3: {
              obj.sentAt = reader.uint64()
              break
            }
            case 4: {
              obj.nonce = reader.bytes()
              break
            }
            case 5: {
              obj.file = reader.bytes()
              break
            }
            case 6: {
              if (opts.limits?.mentions != null && obj.mentions.length === opts.limits.mentions) {
                throw new MaxLengthError('Decode error - repeated field "mentions" had too many elements')
              }

              obj.mentions.push(reader.string())
              break
            }
            case 7: {
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
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.nick`,
                value: reader.string()
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
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.file`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
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
            case 7: {
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

  export interface PrivateRoomBodyTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface PrivateRoomBodyNickFieldEvent {
    field: '$.nick'
    value: string
  }

  export interface PrivateRoomBodySentAtFieldEvent {
    field: '$.sentAt'
    value: bigint
  }

  export interface PrivateRoomBodyNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateRoomBodyFileFieldEvent {
    field: '$.file'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PrivateRoomBodyMentionsFieldEvent {
    field: '$.mentions[]'
    index: number
    value: string
  }

  export interface PrivateRoomBodyHoldsFieldEvent {
    field: '$.holds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<PrivateRoomBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PrivateRoomBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrivateRoomBody>): PrivateRoomBody {
    return decodeMessage(buf, PrivateRoomBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PrivateRoomBody>): Generator<PrivateRoomBodyTextFieldEvent | PrivateRoomBodyNickFieldEvent | PrivateRoomBodySentAtFieldEvent | PrivateRoomBodyNonceFieldEvent | PrivateRoomBodyFileFieldEvent | PrivateRoomBodyMentionsFieldEvent | PrivateRoomBodyHoldsFieldEvent> {
    return streamMessage(buf, PrivateRoomBody.codec(), opts)
  }
}

export interface StoredPrivateMessage {
  author: Uint8Array<ArrayBuffer>
  body?: PrivateRoomBody
  sealed: Uint8Array<ArrayBuffer>
}

export namespace StoredPrivateMessage {
  let _codec: Codec<StoredPrivateMessage>

  export const codec = (): Codec<StoredPrivateMessage> => {
    if (_codec == null) {
      _codec = message<StoredPrivateMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.author != null && obj.author.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.author)
        }

        if (obj.body != null) {
          w.uint32(18)
          PrivateRoomBody.codec().encode(obj.body, w)
        }

        if ((obj.sealed != null && obj.sealed.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.sealed)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          author: uint8ArrayAlloc(0),
          sealed: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.author = reader.bytes()
              break
            }
            case 2: {
              obj.body = PrivateRoomBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.body
              })
              break
            }
            case 3: {
              obj.sealed = reader.bytes()
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
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield * PrivateRoomBody.codec().stream(reader, reader.uint32(), `${prefix}.body`, {
                limits: opts.limits?.body
              })

              break
            }
            case 3: {
              yield {
                field: `${prefix}.sealed`,
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

  export interface StoredPrivateMessageAuthorFieldEvent {
    field: '$.author'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredPrivateMessageBodyTextFieldEvent {
    field: '$.body.text'
    value: string
  }

  export interface StoredPrivateMessageBodyNickFieldEvent {
    field: '$.body.nick'
    value: string
  }

  export interface StoredPrivateMessageBodySentAtFieldEvent {
    field: '$.body.sentAt'
    value: bigint
  }

  export interface StoredPrivateMessageBodyNonceFieldEvent {
    field: '$.body.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredPrivateMessageBodyFileFieldEvent {
    field: '$.body.file'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredPrivateMessageBodyMentionsFieldEvent {
    field: '$.body.mentions[]'
    index: number
    value: string
  }

  export interface StoredPrivateMessageBodyHoldsFieldEvent {
    field: '$.body.holds[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredPrivateMessageSealedFieldEvent {
    field: '$.sealed'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<StoredPrivateMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredPrivateMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredPrivateMessage>): StoredPrivateMessage {
    return decodeMessage(buf, StoredPrivateMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredPrivateMessage>): Generator<StoredPrivateMessageAuthorFieldEvent | StoredPrivateMessageBodyTextFieldEvent | StoredPrivateMessageBodyNickFieldEvent | StoredPrivateMessageBodySentAtFieldEvent | StoredPrivateMessageBodyNonceFieldEvent | StoredPrivateMessageBodyFileFieldEvent | StoredPrivateMessageBodyMentionsFieldEvent | StoredPrivateMessageBodyHoldsFieldEvent | StoredPrivateMessageSealedFieldEvent> {
    return streamMessage(buf, StoredPrivateMessage.codec(), opts)
  }
}
