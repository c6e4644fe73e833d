import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface ModAction {
  action: ModAction.Action
  subject: Uint8Array<ArrayBuffer>
  target: string
  until: bigint
  topic: string
  description: string
  seconds: number
  rules: string
  title: string
  start: bigint
  prev: string
}

export namespace ModAction {
  export enum Action {
    NONE = 'NONE',
    ADD_MOD = 'ADD_MOD',
    REMOVE_MOD = 'REMOVE_MOD',
    BAN = 'BAN',
    UNBAN = 'UNBAN',
    MUTE = 'MUTE',
    REMOVE = 'REMOVE',
    TOPIC = 'TOPIC',
    PIN = 'PIN',
    SLOW = 'SLOW',
    RULES = 'RULES',
    EVENT = 'EVENT',
    CANCEL_EVENT = 'CANCEL_EVENT'
  }

  enum __ActionValues {
    NONE = 0,
    ADD_MOD = 1,
    REMOVE_MOD = 2,
    BAN = 3,
    UNBAN = 4,
    MUTE = 5,
    REMOVE = 6,
    TOPIC = 7,
    PIN = 8,
    SLOW = 9,
    RULES = 10,
    EVENT = 11,
    CANCEL_EVENT = 12
  }

  export namespace Action {
    export const codec = (): Codec<Action> => {
      return enumeration<Action>(__ActionValues)
    }
  }

  let _codec: Codec<ModAction>

  export const codec = (): Codec<ModAction> => {
    if (_codec == null) {
      _codec = message<ModAction>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.action != null && __ActionValues[obj.action] !== 0) {
          w.uint32(8)
          ModAction.Action.codec().encode(obj.action, w)
        }

        if ((obj.subject != null && obj.subject.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.subject)
        }

        if ((obj.target != null && obj.target !== '')) {
          w.uint32(26)
          w.string(obj.target)
        }

        if ((obj.until != null && obj.until !== 0n)) {
          w.uint32(32)
          w.uint64(obj.until)
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(42)
          w.string(obj.topic)
        }

        if ((obj.description != null && obj.description !== '')) {
          w.uint32(50)
          w.string(obj.description)
        }

        if ((obj.seconds != null && obj.seconds !== 0)) {
          w.uint32(56)
          w.uint32(obj.seconds)
        }

        if ((obj.rules != null && obj.rules !== '')) {
          w.uint32(66)
          w.string(obj.rules)
        }

        if ((obj.title != null && obj.title !== '')) {
          w.uint32(74)
          w.string(obj.title)
        }

        if ((obj.start != null && obj.start !== 0n)) {
          w.uint32(80)
          w.uint64(obj.start)
        }

        if ((obj.prev != null && obj.prev !== '')) {
          w.uint32(90)
          w.string(obj.prev)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          action: Action.NONE,
          subject: uint8ArrayAlloc(0),
          target: '',
          until: 0n,
          topic: '',
          description: '',
          seconds: 0,
          rules: '',
          title: '',
          start: 0n,
          prev: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.action = ModAction.Action.codec().decode(reader)
              break
            }
            case 2: {
              obj.subject = reader.bytes()
              break
            }
            case 3: {
              obj.target = reader.string()
              break
            }
            case 4: {
              obj.until = reader.uint64()
              break
            }
            case 5: {
              obj.topic = reader.string()
              break
            }
            case 6: {
              obj.description = reader.string()
              break
            }
            case 7: {
              obj.seconds = reader.uint32()
              break
            }
            case 8: {
              obj.rules = reader.string()
              break
            }
            case 9: {
              obj.title = reader.string()
              break
            }
            case 10: {
              obj.start = reader.uint64()
              break
            }
            case 11: {
              obj.prev = reader.string()
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
                field: `${prefix}.action`,
                value: ModAction.Action.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.subject`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.target`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.until`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.description`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.seconds`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.rules`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.title`,
                value: reader.string()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.start`,
                value: reader.uint64()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.prev`,
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

  export interface ModActionActionFieldEvent {
    field: '$.action'
    value: ModAction.Action
  }

  export interface ModActionSubjectFieldEvent {
    field: '$.subject'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ModActionTargetFieldEvent {
    field: '$.target'
    value: string
  }

  export interface ModActionUntilFieldEvent {
    field: '$.until'
    value: bigint
  }

  export interface ModActionTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface ModActionDescriptionFieldEvent {
    field: '$.description'
    value: string
  }

  export interface ModActionSecondsFieldEvent {
    field: '$.seconds'
    value: number
  }

  export interface ModActionRulesFieldEvent {
    field: '$.rules'
    value: string
  }

  export interface ModActionTitleFieldEvent {
    field: '$.title'
    value: string
  }

  export interface ModActionStartFieldEvent {
    field: '$.start'
    value: bigint
  }

  export interface ModActionPrevFieldEvent {
    field: '$.prev'
    value: string
  }

  export function encode (obj: Partial<ModAction>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ModAction.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ModAction>): ModAction {
    return decodeMessage(buf, ModAction.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ModAction>): Generator<ModActionActionFieldEvent | ModActionSubjectFieldEvent | ModActionTargetFieldEvent | ModActionUntilFieldEvent | ModActionTopicFieldEvent | ModActionDescriptionFieldEvent | ModActionSecondsFieldEvent | ModActionRulesFieldEvent | ModActionTitleFieldEvent | ModActionStartFieldEvent | ModActionPrevFieldEvent> {
    return streamMessage(buf, ModAction.codec(), opts)
  }
}

export interface Report {
  room: string
  envelope: Uint8Array<ArrayBuffer>
  subject: Uint8Array<ArrayBuffer>
  reason: string
}

export namespace Report {
  let _codec: Codec<Report>

  export const codec = (): Codec<Report> => {
    if (_codec == null) {
      _codec = message<Report>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.room != null && obj.room !== '')) {
          w.uint32(10)
          w.string(obj.room)
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.envelope)
        }

        if ((obj.subject != null && obj.subject.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.subject)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(34)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          room: '',
          envelope: uint8ArrayAlloc(0),
          subject: uint8ArrayAlloc(0),
          reason: ''
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
              obj.envelope = reader.bytes()
              break
            }
            case 3: {
              obj.subject = reader.bytes()
              break
            }
            case 4: {
              obj.reason = reader.string()
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
                field: `${prefix}.envelope`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.subject`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.reason`,
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

  export interface ReportRoomFieldEvent {
    field: '$.room'
    value: string
  }

  export interface ReportEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportSubjectFieldEvent {
    field: '$.subject'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<Report>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Report.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Report>): Report {
    return decodeMessage(buf, Report.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Report>): Generator<ReportRoomFieldEvent | ReportEnvelopeFieldEvent | ReportSubjectFieldEvent | ReportReasonFieldEvent> {
    return streamMessage(buf, Report.codec(), opts)
  }
}

export interface StoredReport {
  from: string
  report: Uint8Array<ArrayBuffer>
  receivedAt: bigint
}

export namespace StoredReport {
  let _codec: Codec<StoredReport>

  export const codec = (): Codec<StoredReport> => {
    if (_codec == null) {
      _codec = message<StoredReport>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(10)
          w.string(obj.from)
        }

        if ((obj.report != null && obj.report.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.report)
        }

        if ((obj.receivedAt != null && obj.receivedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.receivedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: '',
          report: uint8ArrayAlloc(0),
          receivedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.string()
              break
            }
            case 2: {
              obj.report = reader.bytes()
              break
            }
            case 3: {
              obj.receivedAt = reader.uint64()
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
                field: `${prefix}.from`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.report`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.receivedAt`,
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

  export interface StoredReportFromFieldEvent {
    field: '$.from'
    value: string
  }

  export interface StoredReportReportFieldEvent {
    field: '$.report'
    value: Uint8Array<ArrayBuffer>
  }

  export interface StoredReportReceivedAtFieldEvent {
    field: '$.receivedAt'
    value: bigint
  }

  export function encode (obj: Partial<StoredReport>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StoredReport.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredReport>): StoredReport {
    return decodeMessage(buf, StoredReport.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StoredReport>): Generator<StoredReportFromFieldEvent | StoredReportReportFieldEvent | StoredReportReceivedAtFieldEvent> {
    return streamMessage(buf, StoredReport.codec(), opts)
  }
}
