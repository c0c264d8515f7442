// Decoding and encoding images in Node with sharp (libvips + libjpeg-turbo: the same pixels as PIL).
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { centreCrop, checkImageBytes, checkImageSize, MAX_PIXELS, toModelInput } from '../engine/image.ts';

/** An image file as model input [S, S, 3] in [0, 1]: EXIF orientation applied, centre square crop, resized
 * only when it is not already S x S. */
export async function readImage(file: string, size: number): Promise<{ pixels: Float32Array; resized: boolean }> {
  const bytes = await readFile(file);
  checkImageBytes(bytes, file);
  checkImageSize(bytes, file);
  let image = sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_PIXELS }).rotate().removeAlpha().toColourspace('srgb');
  const { width, height } = await image.clone().raw().toBuffer({ resolveWithObject: true }).then((r) => r.info)
    .catch((e: Error) => { throw new Error(`${file}: not an image sharp can read (${e.message})`); });
  const resized = width !== size || height !== size;
  if (resized) {
    const crop = centreCrop(width, height);
    image = image.extract({ left: crop.x, top: crop.y, width: crop.size, height: crop.size }).resize(size, size, { kernel: 'linear' });
  }
  const data = await image.raw().toBuffer();
  return { pixels: toModelInput(data, 3), resized };
}

/** RGB floats in [0, 1], [S, S, 3] -> PNG bytes, rounding to 8 bits. */
export async function pngBytes(pixels: Float32Array, size: number): Promise<Uint8Array> {
  const bytes = Uint8Array.from(pixels, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  return new Uint8Array(await sharp(bytes, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer());
}
