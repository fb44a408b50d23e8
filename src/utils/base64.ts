import { fromString, toString } from 'uint8arrays'

export const toBase64 = (bytes: Uint8Array): string => toString(bytes, 'base64pad')
export const fromBase64 = (text: string): Uint8Array => fromString(text, 'base64pad')
