import { PeerScore, validatePeerScoreParams, validatePeerScoreThresholds, validateTopicScoreParams } from '@libp2p/gossipsub/score'
import { defaultLogger } from '@libp2p/logger'
import { describe, expect, it } from 'vitest'
import { roomTopic } from '../src/constants.js'
import { GOSSIP_HISTORY_GOSSIP, GOSSIP_HISTORY_LENGTH, GOSSIP_SEEN_TTL_MS, parleyScoreParams, parleyScoreThresholds, roomTopicScore } from '../src/pubsub.js'
import { TWIN_FRESH_MS } from '../src/archive/twin-watch.js'

const TOPIC = roomTopic('lobby')

/** gossipsub's own score keeper with Parley's parameters and a scored room topic. */
function scorer (): PeerScore {
  const params = parleyScoreParams()
  params.topics[TOPIC] = roomTopicScore()
  return new PeerScore(params, null, defaultLogger(), { scoreCacheValidityMs: 0 })
}

describe('gossipsub scoring of room topics', () => {
  it('passes gossipsub\'s own parameter checks', () => {
    const params = parleyScoreParams()
    params.topics[TOPIC] = roomTopicScore()
    expect(() => { validatePeerScoreParams(params) }).not.toThrow()
    expect(() => { validateTopicScoreParams(roomTopicScore()) }).not.toThrow()
    expect(() => { validatePeerScoreThresholds(parleyScoreThresholds()) }).not.toThrow()
  })

  it('drops a peer below the gossip threshold for one invalid message and below graylisting for a few', () => {
    const score = scorer()
    const thresholds = parleyScoreThresholds()
    score.addPeer('mallory')
    score.markInvalidMessageDelivery('mallory', TOPIC)
    expect(score.score('mallory')).toBeLessThan(thresholds.gossipThreshold)
    score.markInvalidMessageDelivery('mallory', TOPIC)
    score.markInvalidMessageDelivery('mallory', TOPIC)
    expect(score.score('mallory')).toBeLessThan(thresholds.graylistThreshold)
  })

  it('does not penalise an honest peer in a quiet room, and rewards first deliveries', () => {
    const score = scorer()
    score.addPeer('alice')
    score.graft('alice', TOPIC)
    score.refreshScores()
    expect(score.score('alice')).toBeGreaterThanOrEqual(0)
    score.markFirstMessageDelivery('alice', TOPIC)
    expect(score.score('alice')).toBeGreaterThan(0)
  })
})

describe('gossipsub memory bounds', () => {
  it('keeps seen ids longer than a twin sighting counts, and whole messages for a few heartbeats only', () => {
    expect(GOSSIP_SEEN_TTL_MS).toBeGreaterThan(TWIN_FRESH_MS)
    expect(GOSSIP_HISTORY_GOSSIP).toBeLessThanOrEqual(GOSSIP_HISTORY_LENGTH)
    expect(GOSSIP_HISTORY_LENGTH).toBeLessThanOrEqual(10)
  })
})
