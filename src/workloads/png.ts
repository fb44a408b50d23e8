/**
 * PNG in and out (pngjs). Encoding is deterministic: the same pixels give
 * the same PNG bytes, so two renders can be compared file to file.
 */
import pngjs from 'pngjs'
import { RenderError } from './errors.js'

const { PNG } = pngjs

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** RGBA pixels to an RGB PNG (alpha dropped: every pixel the renders make is opaque) */
export function encodePng (rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (rgba.byteLength !== width * height * 4) throw new RenderError(`${rgba.byteLength} bytes are not ${width}x${height} RGBA pixels`)
  const png = new PNG({ width, height, colorType: 2, inputColorType: 6, bitDepth: 8 })
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength)
  return new Uint8Array(PNG.sync.write(png, { colorType: 2, inputColorType: 6, deflateLevel: 9 }))
}

export function isPng (bytes: Uint8Array): boolean {
  return bytes.byteLength >= SIGNATURE.length && SIGNATURE.every((b, i) => bytes[i] === b)
}

/** a PNG to RGBA pixels, checking its size */
export function decodePng (bytes: Uint8Array, width: number, height: number): Uint8Array {
  let png: InstanceType<typeof PNG>
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (err) {
    throw new RenderError(`not a readable PNG: ${(err as Error).message}`)
  }
  if (png.width !== width || png.height !== height) throw new RenderError(`the PNG is ${png.width}x${png.height}, expected ${width}x${height}`)
  return new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength)
}
