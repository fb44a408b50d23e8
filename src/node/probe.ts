/**
 * Measuring this machine under Node: cores, memory, load, and GPUs when
 * `nvidia-smi` answers (none otherwise, never an error).
 */
import { execFile } from 'node:child_process'
import { availableParallelism, freemem, loadavg, totalmem } from 'node:os'
import type { Measurement, Probe } from '../capacity/offer.js'

const MB = 1024 * 1024
const NVIDIA_SMI_TIMEOUT_MS = 3_000
/** GPUs do not come and go: ask nvidia-smi for the list this rarely */
const GPU_REFRESH_MS = 60_000

export function nodeProbe (): Probe {
  return async () => {
    const gpus = await sharedGpus()
    return {
      cores: availableParallelism(),
      memoryTotalMb: Math.floor(totalmem() / MB),
      memoryFreeMb: Math.floor(freemem() / MB),
      load: loadavg()[0],
      gpus
    }
  }
}

/**
 * One reading for every peer in this process (a simulation runs hundreds):
 * refreshed at most every GPU_REFRESH_MS, and never again once nvidia-smi
 * is found missing.
 */
let gpuReading: { at: number, gpus: Promise<Measurement['gpus']> } | undefined
let noNvidiaSmi = false

async function sharedGpus (): Promise<Measurement['gpus']> {
  if (noNvidiaSmi) return []
  if (gpuReading == null || Date.now() - gpuReading.at > GPU_REFRESH_MS) {
    gpuReading = { at: Date.now(), gpus: readGpus() }
  }
  return gpuReading.gpus
}

async function readGpus (): Promise<Measurement['gpus']> {
  const out = await new Promise<string>(resolve => {
    execFile('nvidia-smi', ['--query-gpu=name,memory.total,utilization.gpu', '--format=csv,noheader,nounits'],
      { timeout: NVIDIA_SMI_TIMEOUT_MS }, (err, stdout) => {
        if (err?.code === 'ENOENT') noNvidiaSmi = true
        resolve(err != null ? '' : stdout)
      })
  })
  return parseNvidiaSmi(out)
}

/** `name, memory MiB, utilisation %` per line; lines that do not parse are skipped */
export function parseNvidiaSmi (csv: string): Measurement['gpus'] {
  return csv.split('\n').map(line => line.split(',').map(s => s.trim())).flatMap(([name, memory, util]) => {
    const memoryMb = Number(memory)
    const utilisation = Number(util)
    if (name == null || name === '' || !Number.isFinite(memoryMb)) return []
    return [{ name, memoryMb: Math.floor(memoryMb), utilisation: Number.isFinite(utilisation) ? Math.min(100, Math.max(0, Math.round(utilisation))) : 0 }]
  })
}
