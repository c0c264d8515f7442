import { describe, expect, it } from 'vitest';
import { contourValues } from './LandscapePlot.tsx';

describe('the landscape plot', () => {
  it('hands d3-contour the loss row by row in b (y), a (x) along each row', () => {
    const grid = 3;
    const loss = Float32Array.from({ length: 9 }, (_, i) => 10 * Math.floor(i / grid) + (i % grid)); // loss[a][b] = 10 a + b
    // d3-contour's value i is at x = i % grid (a), y = floor(i / grid) (b)
    expect(contourValues({ loss, grid })).toEqual([0, 10, 20, 1, 11, 21, 2, 12, 22]);
  });
});
