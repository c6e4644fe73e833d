/**
 * @packageDocumentation
 * One-to-one calls between contacts: signalling as end-to-end encrypted CALL DMs, the one live
 * call's state machine, limits, and the record each host keeps of a call.
 */
export { Calls, type CallEvent, type CallSignalEvent, type CallsComponents, type LiveCall } from './calls.js'
export { callInfo, callText, checkCallSignal, checkIceServers, decodeCallSignal, formatDuration, type CallInfo, type CallKind, type CallOutcome, type IceServer } from './signal.js'
export { recordCall, recordId, type FinishedCall } from './record.js'
export { loadIceServers, saveIceServers } from './create-calls.js'
export * from './constants.js'
export * from './errors.js'
export { CallSignal, CallMedia, CallRecord, IceCandidate } from '../pb/call.js'
