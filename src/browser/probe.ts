/**
 * Measuring this machine from a web page: what the browser tells (cores;
 * memory only as Chrome's rounded navigator.deviceMemory), no load, no GPUs.
 */
import type { Measurement, Probe } from '../capacity/offer.js'

/** what a page assumes when the browser does not say how much memory it has */
const DEFAULT_DEVICE_MEMORY_GB = 2

export function browserProbe (): Probe {
  return async (): Promise<Measurement> => {
    const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined
    const cores = Math.max(1, nav?.hardwareConcurrency ?? 1)
    const memoryTotalMb = Math.floor((nav?.deviceMemory ?? DEFAULT_DEVICE_MEMORY_GB) * 1024)
    return { cores, memoryTotalMb, memoryFreeMb: memoryTotalMb, load: 0, gpus: [] }
  }
}
