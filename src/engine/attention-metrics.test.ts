import { describe, expect, it } from 'vitest';
import { boxRegion, massInside, meanAttention } from './attention-metrics.ts';

describe('attention metrics', () => {
  // k = 2 glances, 1 head, 2x2 cells
  const attention = Float32Array.from([0.7, 0.1, 0.1, 0.1, 0.5, 0.3, 0.1, 0.1]);

  it('averages glances and heads', () => {
    expect(Array.from(meanAttention(attention, 2, 1))).toEqual([0.6, 0.2, 0.1, 0.1].map((v) => expect.closeTo(v, 6)));
  });

  it('maps boxes to the cells whose centres any of them covers', () => {
    expect(Array.from(boxRegion([{ x0: 0.6, y0: 0, x1: 1, y1: 0.4 }], 2, 2))).toEqual([0, 1, 0, 0]);
    expect(Array.from(boxRegion([{ x0: 0.6, y0: 0, x1: 1, y1: 0.4 }, { x0: 0, y0: 0.6, x1: 0.4, y1: 1 }], 2, 2))).toEqual([0, 1, 1, 0]);
  });

  it('measures the share of attention inside a region', () => {
    expect(massInside(attention, 2, 1, Uint8Array.from([1, 0, 0, 0]))).toBeCloseTo(0.6, 6);
    expect(massInside(attention, 2, 1, Uint8Array.from([0, 1, 1, 1]))).toBeCloseTo(0.4, 6);
  });
});
