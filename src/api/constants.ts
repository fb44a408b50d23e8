/** the API's version prefix: breaking changes get a new one */
export const API_PREFIX = '/v1'

/** request bodies above this are refused with 413 before they are read whole */
export const MAX_BODY_BYTES = 1024 * 1024
