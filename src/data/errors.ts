/** Why the data layer refused or skipped something; each is counted by reason. */
export type RefusalReason =
  /** a block that does not hash to its CID */
  | 'bad-hash'
  /** a block over MAX_BLOCK_BYTES */
  | 'oversized'
  /** a frame that does not decode */
  | 'malformed'
  /** a block nobody asked for */
  | 'unexpected'
  /** more wants than allowed at once */
  | 'flood'
  /** a holder that owed blocks and went silent */
  | 'stalled'
  /** a holder reachable only through a limited (relayed) connection */
  | 'limited'
  /** a DAG deeper than MAX_DAG_DEPTH */
  | 'dag-depth'
  /** a DAG node with more links than MAX_DAG_LINKS, or a DAG of more than MAX_DAG_BLOCKS */
  | 'dag-width'

export class DataError extends Error {
  override name = 'DataError'
}

/** no holder had (or would serve) a wanted block */
export class NotFoundError extends DataError {
  override name = 'NotFoundError'
}

/** a DAG over the documented limits */
export class DagLimitError extends DataError {
  override name = 'DagLimitError'
  constructor (readonly reason: 'dag-depth' | 'dag-width', message: string) {
    super(message)
  }
}

/** the store is over its quota and nothing can be collected */
export class StoreFullError extends DataError {
  override name = 'StoreFullError'
}

/** a CID that does not parse */
export class BadCidError extends DataError {
  override name = 'BadCidError'
}
