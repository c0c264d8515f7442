// Image bytes and pixels: the checks and conversions that the worker and the CLI share.

/** Centre square crop of a width x height image: [x, y, size]. */
export function centreCrop(width: number, height: number): { x: number; y: number; size: number } {
  return squareCrop(width, height, { x: 0.5, y: 0.5 });
}

/** The largest square crop centred as near `centre` ([0, 1] of the image) as the image allows. */
export function squareCrop(width: number, height: number, centre: { x: number; y: number }): { x: number; y: number; size: number } {
  const size = Math.min(width, height);
  const place = (extent: number, at: number) => Math.floor(Math.min(extent - size, Math.max(0, at * extent - size / 2))); // floor, as PIL's crop in training/data.py
  return { x: place(width, centre.x), y: place(height, centre.y), size };
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

/** The most pixels an image may have before it is decoded: 50 MP (a 20000 x 20000 PNG would take gigabytes). */
export const MAX_PIXELS = 50_000_000;

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);

/** Width and height from the header of a JPEG, PNG, GIF, WebP or BMP, without decoding; null for anything else. */
export function imageSize(b: Uint8Array): { width: number; height: number; format: string } | null {
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return { width: u32be(b, 16), height: u32be(b, 20), format: 'PNG' };
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return { width: u16le(b, 6), height: u16le(b, 8), format: 'GIF' };
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)), format: 'BMP' };
  }
  if (b.length >= 30 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') {
    const chunk = String.fromCharCode(...b.subarray(12, 16));
    if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff, format: 'WebP' };
    if (chunk === 'VP8L') {
      const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, format: 'WebP' };
    }
    if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1, format: 'WebP' };
    return null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      if (marker === 0xff) { i++; continue; }
      const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
      if (isFrame) return { width: u16be(b, i + 7), height: u16be(b, i + 5), format: 'JPEG' };
      i += 2 + u16be(b, i + 2);
    }
  }
  return null;
}

/** Throws unless the header names a supported format within MAX_PIXELS; returns its size. */
export function checkImageSize(bytes: Uint8Array, name: string): { width: number; height: number } {
  const size = imageSize(bytes);
  if (!size) throw new Error(`${name} could not be decoded as an image (JPEG, PNG, WebP, GIF or BMP)`);
  const pixels = size.width * size.height;
  if (!size.width || !size.height) throw new Error(`${name}: its ${size.format} header says ${size.width}x${size.height}`);
  if (pixels > MAX_PIXELS) {
    throw new Error(`${name} is ${size.width}x${size.height} (${(pixels / 1e6).toFixed(0)} MP): over the ${MAX_PIXELS / 1e6} MP limit; scale it down first`);
  }
  return size;
}
