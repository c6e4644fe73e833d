/**
 * @packageDocumentation
 * Owned rooms (communities): rooms created by a key, moderated by their owner and the
 * moderators it appoints through a signed moderation log that every peer enforces.
 */
export { Communities, type ModActionName, type ModerationEvent, type ModRequest, type RoomInfo } from './communities.js'
export { ownedRoomId, parseOwnedRoom, resolveRoomLabel, roomLabel, type OwnedRoom } from './owned-room.js'
export * from './errors.js'
export * from './constants.js'
export { MAX_REASON_LENGTH, MAX_REPORTS, type RoomReport } from './reports.js'
export { ANNOUNCE_PERIOD_MS, DIRECTORY_PROTOCOL, DIRECTORY_TOPIC, DIRECTORY_TTL_MS, MAX_DIRECTORY_ENTRIES, MAX_ROOMS_PER_OWNER, type DirectoryEntry } from './directory.js'
export { MAX_RSVPS, type RoomEventView } from './events.js'
