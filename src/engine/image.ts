// Image bytes and pixels: the checks and conversions that the worker and the CLI share.

/** Centre square crop of a width x height image: [x, y, size]. */
export function centreCrop(width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

/**
 * Throws a message a person can act on for bytes no decoder should be trusted with: an empty file, a JPEG
 * without its end marker, a PNG without its IEND chunk (decoders often show such files half grey).
 */
export function checkImageBytes(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0) throw new Error(`${name} is empty (0 bytes): choose an image file`);
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  if (isJpeg && !endsWithJpegEnd(bytes)) throw new Error(`${name} is a truncated JPEG (no end-of-image marker): the file is incomplete`);
  if (isPng && !containsIend(bytes)) throw new Error(`${name} is a truncated PNG (no IEND chunk): the file is incomplete`);
}

function endsWithJpegEnd(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0x00) end--; // some writers pad with zeros after EOI
  for (let i = end - 2; i >= Math.max(2, end - 64); i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

function containsIend(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 8; i >= Math.max(8, bytes.length - 64); i--) {
    if (bytes[i] === 0x49 && bytes[i + 1] === 0x45 && bytes[i + 2] === 0x4e && bytes[i + 3] === 0x44) return true;
  }
  return false;
}

/** Interleaved 8-bit pixels with `channels` per pixel (3 RGB, 4 RGBA) -> RGB floats in [0, 1], [S, S, 3]. */
export function toModelInput(pixels: ArrayLike<number>, channels: 3 | 4): Float32Array {
  const count = pixels.length / channels;
  const out = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < 3; c++) out[3 * i + c] = pixels[channels * i + c] / 255;
  }
  return out;
}
