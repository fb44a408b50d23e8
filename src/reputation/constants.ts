export const REPUTATION_TOPIC = 'shoal/reputation/1'
export const REPUTATION_SYNC_PROTOCOL = '/shoal/reputation-sync/1.0.0'

export const REPORT_DOMAIN = 'shoal-report'
export const REPORT_TYPE = new TextEncoder().encode('/shoal/report/1')

/** a report (its whole envelope, evidence included) above this is refused unread */
export const MAX_REPORT_BYTES = 16 * 1024
/** reports dated further ahead than this are refused; older than MAX_REPORT_AGE_MS are stale */
export const MAX_REPORT_SKEW_MS = 30_000
export const MAX_REPORT_AGE_MS = 7 * 24 * 3600_000

/** a reporter may publish this many reports per window before the rest are refused */
export const REPORTS_PER_WINDOW = 120
export const REPORT_WINDOW_MS = 60_000

/** reports served per sync answer, newest first */
export const REPORT_SYNC_LIMIT = 1_000
export const REPORT_SYNC_PEERS = 3
export const REPORT_SYNC_TIMEOUT_MS = 10_000
/** a ReportSyncRequest is a few bytes; anything longer is refused */
export const MAX_REPORT_SYNC_REQUEST_BYTES = 64
/** sync streams one peer may have open at once (the guard counts more as a flood) */
export const REPORT_SYNC_STREAMS_PER_PEER = 4
/** sync streams one peer may open per minute: a peer syncs once per connection, and each answer reads the stored reports */
export const REPORT_SYNC_STREAMS_PER_MINUTE = 10

export const REPORT_PREFIX = '/shoal/reports/'
/** reporter/job/worker keys already taken, so a report cannot come back with another date */
export const REPORT_SEEN_PREFIX = '/shoal/report-keys/'
export const RECEIPT_PREFIX = '/shoal/receipts/'
export const TABLE_KEY = '/shoal/reputation/table'
/** the running totals of the receipts held (src/reputation/ledger.ts) */
export const LEDGER_KEY = '/shoal/ledger'
/** receipts kept in memory, newest first, for the dashboard and the API */
export const RECENT_RECEIPTS = 1000
