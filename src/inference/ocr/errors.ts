/** an image, a model blob or a model output the OCR pipeline cannot use; the message says which and why */
export class OcrError extends Error {
  override name = 'OcrError'
}
