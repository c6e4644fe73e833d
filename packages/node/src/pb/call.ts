import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum CallMedia {
  AUDIO = 'AUDIO',
  VIDEO = 'VIDEO'
}

enum __CallMediaValues {
  AUDIO = 0,
  VIDEO = 1
}

export namespace CallMedia {
  export const codec = (): Codec<CallMedia> => {
    return enumeration<CallMedia>(__CallMediaValues)
  }
}

export interface CallSignal {
  callId: string
  type: CallSignal.Type
  media: CallMedia
  sdp: string
  candidates: IceCandidate[]
  reason: string
}

export namespace CallSignal {
  export enum Type {
    OFFER = 'OFFER',
    ANSWER = 'ANSWER',
    CANDIDATES = 'CANDIDATES',
    HANGUP = 'HANGUP',
    DECLINE = 'DECLINE'
  }

  enum __TypeValues {
    OFFER = 0,
    ANSWER = 1,
    CANDIDATES = 2,
    HANGUP = 3,
    DECLINE = 4
  }

  export namespace Type {
    export const codec = (): Codec<Type> => {
      return enumeration<Type>(__TypeValues)
    }
  }

  let _codec: Codec<CallSignal>

  export const codec = (): Codec<CallSignal> => {
    if (_codec == null) {
      _codec = message<CallSignal>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.callId != null && obj.callId !== '')) {
          w.uint32(10)
          w.string(obj.callId)
        }

        if (obj.type != null && __TypeValues[obj.type] !== 0) {
          w.uint32(16)
          CallSignal.Type.codec().encode(obj.type, w)
        }

        if (obj.media != null && __CallMediaValues[obj.media] !== 0) {
          w.uint32(24)
          CallMedia.codec().encode(obj.media, w)
        }

        if ((obj.sdp != null && obj.sdp !== '')) {
          w.uint32(34)
          w.string(obj.sdp)
        }

        if (obj.candidates != null && obj.candidates.length > 0) {
          for (const value of obj.candidates) {
            w.uint32(42)
            IceCandidate.codec().encode(value, w)
          }
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(50)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          callId: '',
          type: Type.OFFER,
          media: CallMedia.AUDIO,
          sdp: '',
          candidates: [],
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.callId = reader.string()
              break
            }
            case 2: {
              obj.type = CallSignal.Type.codec().decode(reader)
              break
            }
            case 3: {
              obj.media = CallMedia.codec().decode(reader)
              break
            }
            case 4: {
              obj.sdp = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.candidates != null && obj.candidates.length === opts.limits.candidates) {
                throw new MaxLengthError('Decode error - repeated field "candidates" had too many elements')
              }

              obj.candidates.push(IceCandidate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.candidates$
              }))
              break
            }
            case 6: {
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
        const obj = {
          candidates: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.callId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.type`,
                value: CallSignal.Type.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.media`,
                value: CallMedia.codec().decode(reader)
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.sdp`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.candidates != null && obj.candidates === opts.limits.candidates) {
                throw new MaxLengthError('Streaming decode error - repeated field "candidates" had too many elements')
              }

              for (const evt of IceCandidate.codec().stream(reader, reader.uint32(), `${prefix}.candidates[]`, {
                limits: opts.limits?.candidates$
              })) {
                yield {
                  ...evt,
                  index: obj.candidates
                }
              }

              obj.candidates++

              break
            }
            case 6: {
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

  export interface CallSignalCallIdFieldEvent {
    field: '$.callId'
    value: string
  }

  export interface CallSignalTypeFieldEvent {
    field: '$.type'
    value: CallSignal.Type
  }

  export interface CallSignalMediaFieldEvent {
    field: '$.media'
    value: CallMedia
  }

  export interface CallSignalSdpFieldEvent {
    field: '$.sdp'
    value: string
  }

  export interface CallSignalCandidatesCandidateFieldEvent {
    field: '$.candidates[].candidate'
    value: string
    index: number
  }

  export interface CallSignalCandidatesSdpMidFieldEvent {
    field: '$.candidates[].sdpMid'
    value: string
    index: number
  }

  export interface CallSignalCandidatesSdpMLineIndexFieldEvent {
    field: '$.candidates[].sdpMLineIndex'
    value: number
    index: number
  }

  export interface CallSignalReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<CallSignal>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CallSignal.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CallSignal>): CallSignal {
    return decodeMessage(buf, CallSignal.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CallSignal>): Generator<CallSignalCallIdFieldEvent | CallSignalTypeFieldEvent | CallSignalMediaFieldEvent | CallSignalSdpFieldEvent | CallSignalCandidatesCandidateFieldEvent | CallSignalCandidatesSdpMidFieldEvent | CallSignalCandidatesSdpMLineIndexFieldEvent | CallSignalReasonFieldEvent> {
    return streamMessage(buf, CallSignal.codec(), opts)
  }
}

export interface IceCandidate {
  candidate: string
  sdpMid: string
  sdpMLineIndex: number
}

export namespace IceCandidate {
  let _codec: Codec<IceCandidate>

  export const codec = (): Codec<IceCandidate> => {
    if (_codec == null) {
      _codec = message<IceCandidate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.candidate != null && obj.candidate !== '')) {
          w.uint32(10)
          w.string(obj.candidate)
        }

        if ((obj.sdpMid != null && obj.sdpMid !== '')) {
          w.uint32(18)
          w.string(obj.sdpMid)
        }

        if ((obj.sdpMLineIndex != null && obj.sdpMLineIndex !== 0)) {
          w.uint32(24)
          w.uint32(obj.sdpMLineIndex)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          candidate: '',
          sdpMid: '',
          sdpMLineIndex: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.candidate = reader.string()
              break
            }
            case 2: {
              obj.sdpMid = reader.string()
              break
            }
            case 3: {
              obj.sdpMLineIndex = reader.uint32()
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
                field: `${prefix}.candidate`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.sdpMid`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sdpMLineIndex`,
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

  export interface IceCandidateCandidateFieldEvent {
    field: '$.candidate'
    value: string
  }

  export interface IceCandidateSdpMidFieldEvent {
    field: '$.sdpMid'
    value: string
  }

  export interface IceCandidateSdpMLineIndexFieldEvent {
    field: '$.sdpMLineIndex'
    value: number
  }

  export function encode (obj: Partial<IceCandidate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, IceCandidate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<IceCandidate>): IceCandidate {
    return decodeMessage(buf, IceCandidate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<IceCandidate>): Generator<IceCandidateCandidateFieldEvent | IceCandidateSdpMidFieldEvent | IceCandidateSdpMLineIndexFieldEvent> {
    return streamMessage(buf, IceCandidate.codec(), opts)
  }
}

export interface CallRecord {
  media: CallMedia
  outcome: CallRecord.Outcome
  durationMs: bigint
}

export namespace CallRecord {
  export enum Outcome {
    ENDED = 'ENDED',
    MISSED = 'MISSED',
    DECLINED = 'DECLINED',
    BUSY = 'BUSY',
    UNANSWERED = 'UNANSWERED'
  }

  enum __OutcomeValues {
    ENDED = 0,
    MISSED = 1,
    DECLINED = 2,
    BUSY = 3,
    UNANSWERED = 4
  }

  export namespace Outcome {
    export const codec = (): Codec<Outcome> => {
      return enumeration<Outcome>(__OutcomeValues)
    }
  }

  let _codec: Codec<CallRecord>

  export const codec = (): Codec<CallRecord> => {
    if (_codec == null) {
      _codec = message<CallRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.media != null && __CallMediaValues[obj.media] !== 0) {
          w.uint32(8)
          CallMedia.codec().encode(obj.media, w)
        }

        if (obj.outcome != null && __OutcomeValues[obj.outcome] !== 0) {
          w.uint32(16)
          CallRecord.Outcome.codec().encode(obj.outcome, w)
        }

        if ((obj.durationMs != null && obj.durationMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.durationMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          media: CallMedia.AUDIO,
          outcome: Outcome.ENDED,
          durationMs: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.media = CallMedia.codec().decode(reader)
              break
            }
            case 2: {
              obj.outcome = CallRecord.Outcome.codec().decode(reader)
              break
            }
            case 3: {
              obj.durationMs = reader.uint64()
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
                field: `${prefix}.media`,
                value: CallMedia.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.outcome`,
                value: CallRecord.Outcome.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.durationMs`,
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

  export interface CallRecordMediaFieldEvent {
    field: '$.media'
    value: CallMedia
  }

  export interface CallRecordOutcomeFieldEvent {
    field: '$.outcome'
    value: CallRecord.Outcome
  }

  export interface CallRecordDurationMsFieldEvent {
    field: '$.durationMs'
    value: bigint
  }

  export function encode (obj: Partial<CallRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CallRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CallRecord>): CallRecord {
    return decodeMessage(buf, CallRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CallRecord>): Generator<CallRecordMediaFieldEvent | CallRecordOutcomeFieldEvent | CallRecordDurationMsFieldEvent> {
    return streamMessage(buf, CallRecord.codec(), opts)
  }
}
