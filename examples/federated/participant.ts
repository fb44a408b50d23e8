/**
 * A participant: a peer that holds a private shard and trains on it when the
 * coordinator asks. The shard stays in this closure; only the model update
 * and the example count go back.
 */
import { TRAIN_KIND, decodeRequest, encode } from './protocol.js'
import { subtract, train } from './model.js'
import type { Example } from './data.js'
import type { TrainReply } from './protocol.js'
import type { ShoalNode } from '../../src/index.js'

export interface ParticipantOptions {
  /** changes the reply before it is sent: how the tests and the demo make a poisoner */
  tamper?: (reply: TrainReply) => TrainReply
}

/** registers the training job kind on `node` (and so advertises it) */
export function joinFederation (node: Pick<ShoalNode, 'handle'>, shard: Example[], options: ParticipantOptions = {}): void {
  if (shard.length === 0) throw new RangeError('a participant needs at least one example')
  node.handle(TRAIN_KIND, ({ input }) => {
    const req = decodeRequest(input)
    if (req.weights.length !== shard[0].x.length + 1) throw new TypeError(`the model has ${req.weights.length} weights; this shard has ${shard[0].x.length} features (+1 bias)`)
    const local = train(req.weights, shard, req)
    const reply: TrainReply = { delta: subtract(local, req.weights), count: shard.length }
    return encode(options.tamper?.(reply) ?? reply)
  })
}

/** a model-poisoning participant: its update flipped and blown up, its count inflated */
export function poison (reply: TrainReply): TrainReply {
  return { delta: reply.delta.map(v => -10 * v), count: reply.count * 10 }
}
