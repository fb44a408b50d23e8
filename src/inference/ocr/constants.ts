/**
 * The pipeline's parameters: PaddleOCR's defaults for PP-OCRv4 (tools/infer/utility.py),
 * so the models see what they were trained and tuned on.
 */

/** detection: the longer side is scaled down to this (never up), then both to multiples of 32 */
export const DET_MAX_SIDE = 960
export const DET_MULTIPLE = 32
/** ImageNet mean and std, applied to B, G, R in that order (PaddleOCR feeds OpenCV's BGR as is) */
export const DET_MEAN = [0.485, 0.456, 0.406]
export const DET_STD = [0.229, 0.224, 0.225]

/** DB post-processing */
export const DB_THRESH = 0.3
export const DB_BOX_THRESH = 0.6
export const DB_UNCLIP_RATIO = 1.5
export const DB_MIN_SIZE = 3
export const DB_MAX_CANDIDATES = 1000

/** angle classifier (0° or 180°): 3x48x192 inputs; a line is turned when it says 180° above this score */
export const CLS_HEIGHT = 48
export const CLS_WIDTH = 192
export const CLS_THRESH = 0.9
export const CLS_BATCH = 6

/** recognition: height 48, width by the widest line's ratio in the batch (at least 320) */
export const REC_HEIGHT = 48
export const REC_MIN_WIDTH = 320
export const REC_BATCH = 6
/** a crop taller than this times its width is a vertical line: turned 90° before recognition */
export const VERTICAL_RATIO = 1.5

/** the largest image a page may be, pixels on a side: bigger ones are refused before decoding work */
export const MAX_IMAGE_SIDE = 8192
export const MAX_IMAGE_PIXELS = 40_000_000

/** the job kind: one page per job, the model blob as its module (models.ts), the PNG as its input */
export const OCR_KIND = 'ocr'
