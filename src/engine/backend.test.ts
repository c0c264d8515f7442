import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend.ts';

describe('selectBackend', () => {
  it('falls back past backends that cannot run here and says why', async () => {
    const choice = await selectBackend();
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.skipped.map((s) => s.name)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(choice.skipped[0].reason).toMatch(/navigator\.gpu is missing|no WebGPU adapter/);
    expect(choice.skipped[1].reason).toBe("tf.setBackend('webgl') failed");
  });

  it('tries the ?backend= override first', async () => {
    const choice = await selectBackend('cpu');
    expect(choice).toEqual({ name: 'cpu', skipped: [], software: [] });
  });

  it('names the valid backends when the override is unknown', async () => {
    await expect(selectBackend('tpu')).rejects.toThrow('unknown backend "tpu"; valid: webgpu, webgl, wasm, cpu');
  });
});
