import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Announcement {
  room: string
  sentAt: bigint
  topic: string
  description: string
  language: string
  members: number
  lastActivity: bigint
  nextEvent: bigint
  unlisted: boolean
}

export namespace Announcement {
  let _codec: Codec<Announcement>

  export const codec = (): Codec<Announcement> => {
    if (_codec == null) {
      _codec = message<Announcement>((obj, w, opts = {}) => {
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

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(26)
          w.string(obj.topic)
        }

        if ((obj.description != null && obj.description !== '')) {
          w.uint32(34)
          w.string(obj.description)
        }

        if ((obj.language != null && obj.language !== '')) {
          w.uint32(42)
          w.string(obj.language)
        }

        if ((obj.members != null && obj.members !== 0)) {
          w.uint32(48)
          w.uint32(obj.members)
        }

        if ((obj.lastActivity != null && obj.lastActivity !== 0n)) {
          w.uint32(56)
          w.uint64(obj.lastActivity)
        }

        if ((obj.nextEvent != null && obj.nextEvent !== 0n)) {
          w.uint32(64)
          w.uint64(obj.nextEvent)
        }

        if ((obj.unlisted != null && obj.unlisted !== false)) {
          w.uint32(72)
          w.bool(obj.unlisted)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          sentAt: 0n,
          topic: '',
          description: '',
          language: '',
          members: 0,
          lastActivity: 0n,
          nextEvent: 0n,
          unlisted: false
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
              obj.topic = reader.string()
              break
            }
            case 4: {
              obj.description = reader.string()
              break
            }
            case 5: {
              obj.language = reader.string()
              break
            }
            case 6: {
              obj.members = reader.uint32()
              break
            }
            case 7: {
              obj.lastActivity = reader.uint64()
              break
            }
            case 8: {
              obj.nextEvent = reader.uint64()
              break
            }
            case 9: {
              obj.unlisted = reader.bool()
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
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.description`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.language`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.members`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.lastActivity`,
                value: reader.uint64()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.nextEvent`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.unlisted`,
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

  export interface AnnouncementRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface AnnouncementSentAtFieldEvent {
    field: '$.sentAt'
    value: bigint
  }

  export interface AnnouncementTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface AnnouncementDescriptionFieldEvent {
    field: '$.description'
    value: string
  }

  export interface AnnouncementLanguageFieldEvent {
    field: '$.language'
    value: string
  }

  export interface AnnouncementMembersFieldEvent {
    field: '$.members'
    value: number
  }

  export interface AnnouncementLastActivityFieldEvent {
    field: '$.lastActivity'
    value: bigint
  }

  export interface AnnouncementNextEventFieldEvent {
    field: '$.nextEvent'
    value: bigint
  }

  export interface AnnouncementUnlistedFieldEvent {
    field: '$.unlisted'
    value: boolean
  }

  export function encode (obj: Partial<Announcement>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Announcement.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Announcement>): Announcement {
    return decodeMessage(buf, Announcement.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Announcement>): Generator<AnnouncementRoomFieldEvent | AnnouncementSentAtFieldEvent | AnnouncementTopicFieldEvent | AnnouncementDescriptionFieldEvent | AnnouncementLanguageFieldEvent | AnnouncementMembersFieldEvent | AnnouncementLastActivityFieldEvent | AnnouncementNextEventFieldEvent | AnnouncementUnlistedFieldEvent> {
    return streamMessage(buf, Announcement.codec(), opts)
  }
}

export interface DirectoryReply {
  announcements: Uint8Array<ArrayBuffer>[]
}

export namespace DirectoryReply {
  let _codec: Codec<DirectoryReply>

  export const codec = (): Codec<DirectoryReply> => {
    if (_codec == null) {
      _codec = message<DirectoryReply>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.announcements != null && obj.announcements.length > 0) {
          for (const value of obj.announcements) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          announcements: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.announcements != null && obj.announcements.length === opts.limits.announcements) {
                throw new MaxLengthError('Decode error - repeated field "announcements" had too many elements')
              }

              obj.announcements.push(reader.bytes())
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
          announcements: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.announcements != null && obj.announcements === opts.limits.announcements) {
                throw new MaxLengthError('Streaming decode error - repeated field "announcements" had too many elements')
              }

              yield {
                field: `${prefix}.announcements[]`,
                index: obj.announcements,
                value: reader.bytes()
              }

              obj.announcements++

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

  export interface DirectoryReplyAnnouncementsFieldEvent {
    field: '$.announcements[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DirectoryReply>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DirectoryReply.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryReply>): DirectoryReply {
    return decodeMessage(buf, DirectoryReply.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DirectoryReply>): Generator<DirectoryReplyAnnouncementsFieldEvent> {
    return streamMessage(buf, DirectoryReply.codec(), opts)
  }
}
