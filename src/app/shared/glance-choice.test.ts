import { describe, expect, it } from 'vitest';
import { chooseGlances } from './glance-choice.ts';

const MODELS = [
  { name: 's3ta-16', label: 'S3TA-16', k: 16 },
  { name: 's3ta-4', label: 'S3TA-4', k: 4 },
  { name: 'resnet', label: 'ResNet', baseline: true },
];

describe('the k buttons', () => {
  it('switch to the S3TA trained for that k, at its trained k', () => {
    expect(chooseGlances(MODELS, 's3ta-16', 4, false)).toEqual({ modelName: 's3ta-4', k: null });
    expect(chooseGlances(MODELS, 's3ta-4', 16, false)).toEqual({ modelName: 's3ta-16', k: null });
  });

  it('run the current model at k when none is trained for it, or when the model is pinned', () => {
    expect(chooseGlances(MODELS, 's3ta-16', 8, false)).toEqual({ k: 8 });
    expect(chooseGlances(MODELS, 's3ta-16', 4, true)).toEqual({ k: 4 });
    expect(chooseGlances(MODELS, 's3ta-16', 16, true)).toEqual({ k: 16 });
  });

  it('go back to the trained k on the model trained for it', () => {
    expect(chooseGlances(MODELS, 's3ta-16', 16, false)).toEqual({ k: null });
  });
});
