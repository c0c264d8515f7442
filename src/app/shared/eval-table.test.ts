import { describe, expect, it } from 'vitest';
import { parseEvaluation } from '../../engine/manifest.ts';
import { evalTable } from './eval-table.ts';

const rate = (value: number, n: number, ci95: [number, number]) => ({ value, n, ci95 });

describe('the model card\'s robustness table', () => {
  it('shows each top-1 with its interval and n, and the target hit of targeted attacks', () => {
    const evaluation = parseEvaluation(JSON.stringify({
      images: 3127, split: 'val', attacks: { pgd10_targeted: { kind: 'pgd', targeted: true, eps: 0.0627, steps: 10 } },
      summary: { k16: { clean: 0.7, pgd10_targeted: 0.5 } },
      results: { k16: { clean: rate(0.7012, 3127, [0.685, 0.717]), pgd10_targeted: { top1: rate(0.5, 500, [0.456, 0.544]), success: rate(0.12, 500, [0.094, 0.152]) } } },
    }));
    expect(evalTable(evaluation)).toEqual({
      columns: ['k = 16'],
      rows: [
        { key: 'clean', cells: [{ top1: '70.1%', interval: '[69–72], n = 3127', target: null }] },
        { key: 'pgd10_targeted', cells: [{ top1: '50.0%', interval: '[46–54], n = 500', target: 'target 12%' }] },
      ],
    });
  });

  it('falls back to the summary for eval.json files without results, and leaves attacks a column lacks empty', () => {
    const evaluation = parseEvaluation(JSON.stringify({
      images: 10, split: 'val', attacks: {}, summary: { k2: { clean: 0.5, fgsm_targeted: 0.25 }, k4: { clean: 0.75 } },
    }));
    expect(evalTable(evaluation)).toEqual({
      columns: ['k = 2', 'k = 4'],
      rows: [
        { key: 'clean', cells: [{ top1: '50.0%', interval: null, target: null }, { top1: '75.0%', interval: null, target: null }] },
        { key: 'fgsm_targeted', cells: [{ top1: '25.0%', interval: null, target: null }, null] },
      ],
    });
  });
});
