import { describe, expect, it } from 'vitest';
import { centreCrop, checkImageBytes, checkImageSize, imageSize, toModelInput } from './image.ts';
import { softmax, topK } from './predictions.ts';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
const PNG_START = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('checkImageBytes', () => {
  it('accepts a complete JPEG, also with zero padding after the end marker', () => {
    expect(() => checkImageBytes(JPEG, 'a.jpg')).not.toThrow();
    expect(() => checkImageBytes(Uint8Array.from([...JPEG, 0, 0]), 'a.jpg')).not.toThrow();
  });

  it('names the empty file and the truncated JPEG and PNG', () => {
    expect(() => checkImageBytes(new Uint8Array(), 'x.png')).toThrow('x.png is empty (0 bytes)');
    expect(() => checkImageBytes(JPEG.subarray(0, 6), 'cut.jpg')).toThrow('cut.jpg is a truncated JPEG');
    expect(() => checkImageBytes(Uint8Array.from([...PNG_START, 0, 0, 0, 0, 0, 0, 0, 0]), 'cut.png')).toThrow('cut.png is a truncated PNG');
  });

  it('leaves other formats to the decoder', () => {
    expect(() => checkImageBytes(new TextEncoder().encode('hello'), 'notes.txt')).not.toThrow();
  });
});

describe('pixels', () => {
  it('centre-crops the short side', () => {
    expect(centreCrop(300, 200)).toEqual({ x: 50, y: 0, size: 200 });
    expect(centreCrop(101, 120)).toEqual({ x: 0, y: 9, size: 101 });
  });

  it('drops alpha and scales to [0, 1]', () => {
    expect(toModelInput([255, 0, 51, 7, 0, 255, 102, 9], 4)).toEqual(Float32Array.from([1, 0, 0.2, 0, 1, 0.4]));
  });
});

describe('predictions', () => {
  it('softmax sums to one and top-k is sorted with names', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const top = topK([0, 3, 1], [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: 'c', name: 'C' }], 2);
    expect(top.map((t) => t.name)).toEqual(['B', 'C']);
    expect(top[0].probability).toBeGreaterThan(top[1].probability);
  });
});

describe('imageSize and the pixel limit', () => {
  it('reads the size from the header of every supported format', async () => {
    const { default: sharp } = await import('sharp');
    const raw = sharp(Buffer.alloc(37 * 23 * 3, 128), { raw: { width: 37, height: 23, channels: 3 } });
    for (const format of ['png', 'jpeg', 'webp', 'gif'] as const) {
      const bytes = new Uint8Array(await raw.clone().toFormat(format).toBuffer());
      expect(imageSize(bytes), format).toMatchObject({ width: 37, height: 23 });
    }
    const lossless = new Uint8Array(await raw.clone().webp({ lossless: true }).toBuffer());
    expect(imageSize(lossless)).toMatchObject({ width: 37, height: 23 });
    const bmp = new Uint8Array(54);
    bmp.set([0x42, 0x4d]);
    new DataView(bmp.buffer).setInt32(18, 640, true);
    new DataView(bmp.buffer).setInt32(22, -480, true); // top-down rows
    expect(imageSize(bmp)).toMatchObject({ width: 640, height: 480 });
  });

  it('refuses a 20000 x 20000 PNG from its header, before any decoder sees it, and unknown formats', () => {
    const header = Uint8Array.from([...PNG_START, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]);
    expect(() => checkImageSize(header, 'huge.png')).toThrow('huge.png is 20000x20000 (400 MP): over the 50 MP limit');
    expect(() => checkImageSize(new TextEncoder().encode('<svg/>'), 'a.svg')).toThrow('a.svg could not be decoded as an image');
  });
});
