/**
 * GET /metrics: this peer's Prometheus registry (libp2p's metrics and
 * Shoal's, see src/node/metrics.ts) and the process's, in the text
 * exposition format.
 */
import { Registry } from 'prom-client'
import { HttpError } from './errors.js'
import { processMetrics } from '../node/metrics.js'
import type { ShoalNode } from '../create.js'

export interface MetricsText { contentType: string, body: string }

export async function metricsText (node: ShoalNode, method: string): Promise<MetricsText> {
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, `${method} is not allowed on ${METRICS_PATH}; scrape it with GET`)
  if (node.metrics == null) throw new HttpError(404, 'metrics are off on this peer (started with metrics: false); remove that setting to serve /metrics')
  const both = Registry.merge([node.metrics, processMetrics()])
  return { contentType: both.contentType, body: await both.metrics() }
}

/** outside the versioned API prefix, where Prometheus looks by default */
export const METRICS_PATH = '/metrics'
