export { checkMentions, InvalidMentionError, MAX_MENTIONS, MENTION_LIMITS, TooManyMentionsError } from './check.js'
export { MAX_KEPT_MENTIONS, MentionList, type Mention } from './mention-list.js'
export { Mentions, type MentioningMessage } from './mentions.js'
