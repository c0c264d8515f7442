import { describe, expect, it } from 'vitest';
import type { AttackFrame } from '../../worker/protocol.ts';
import { addFrame, MAX_IMAGES, NO_FRAMES, type Frames } from './frames.ts';

const [S, K, HEADS, CELLS, C] = [96, 8, 4, 144, 10];

function frame(step: number): AttackFrame {
  const base = { logits: new Float32Array(K * C), loss: -step, sourceProbability: 0.5, targetProbability: 0.1, prediction: 0, linf: 0.01 };
  return {
    step, steps: 1000, target: 3, stepMs: 50,
    models: [
      { ...base, arch: 's3ta', adversarial: new Float32Array(S * S * 3).fill(0.5), attention: new Float32Array(K * HEADS * CELLS).fill(1 / CELLS) },
      { ...base, arch: 'resnet', adversarial: new Float32Array(S * S * 3).fill(0.5) },
    ],
  };
}

describe('compact attack frames', () => {
  it('keep every step\'s numbers but at most MAX_IMAGES images, evenly thinned, always with the newest', () => {
    let frames: Frames = NO_FRAMES;
    for (let step = 1; step <= 1000; step++) frames = addFrame(frames, frame(step), K, HEADS, C);
    expect(frames.trace).toHaveLength(1000);
    expect(frames.images.length).toBeLessThanOrEqual(MAX_IMAGES + 1);
    expect(frames.images.at(-1)!.step).toBe(1000);
    const gaps = frames.images.slice(1, -1).map((f, i) => f.step - frames.images[i].step);
    expect(new Set(gaps).size).toBe(1); // even spacing
    expect(frames.trace[0].meanAttention[0]).toBeCloseTo(1 / CELLS, 6);
    expect(frames.images[0].attention).toHaveLength(HEADS * CELLS); // the last glance only
    expect(frames.trace[999].models[1].finalLogits).toHaveLength(C);
  });

  it('a 1000-step run of S3TA and the ResNet holds under 20 MB of arrays', () => {
    let frames: Frames = NO_FRAMES;
    for (let step = 1; step <= 1000; step++) frames = addFrame(frames, frame(step), K, HEADS, C);
    const bytes = frames.trace.reduce((n, t) => n + t.meanAttention.byteLength + t.models.reduce((m, x) => m + x.finalLogits.byteLength + 64, 0), 0)
      + frames.images.reduce((n, f) => n + f.attention.byteLength + f.adversarial.reduce((m, a) => m + a.byteLength, 0), 0);
    expect(bytes).toBeLessThan(20e6);
  });
});
