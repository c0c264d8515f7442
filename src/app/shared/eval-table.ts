// The model card's robustness table from eval.json: a column per evaluated k (or "resnet"), a row per measurement
// (clean, then each attack); each cell the top-1 with its 95% interval and n, and for targeted attacks the share
// that reached the target. Older eval.json files without "results" give the summary's top-1 alone.
import type { Evaluation, Rate } from '../../engine/manifest.ts';

export interface EvalCell {
  top1: string; // "61.2%"
  interval: string | null; // "[57–65], n = 500"
  target: string | null; // "target 12%"
}

export interface EvalTable {
  columns: string[]; // "k = 16", or "resnet"
  rows: { key: string; cells: (EvalCell | null)[] }[]; // key: "clean" or an attack's name in eval.json
}

const pct = (value: number, digits = 1) => `${(100 * value).toFixed(digits)}%`;

function cell(rate: Rate, success?: Rate): EvalCell {
  const [low, high] = rate.ci95.map((v) => (100 * v).toFixed(0));
  return { top1: pct(rate.value), interval: `[${low}–${high}], n = ${rate.n}`, target: success ? `target ${pct(success.value, 0)}` : null };
}

export function evalTable(evaluation: Evaluation): EvalTable {
  const keys = Object.keys(evaluation.results ?? evaluation.summary);
  const rowKeys = [...new Set(keys.flatMap((key) => Object.keys(evaluation.results?.[key] ?? evaluation.summary[key] ?? {})))];
  const rows = rowKeys.map((row) => ({
    key: row,
    cells: keys.map((key): EvalCell | null => {
      const result = evaluation.results?.[key]?.[row];
      if (result) return 'top1' in result ? cell(result.top1 as Rate, result.success as Rate | undefined) : cell(result);
      const value = evaluation.summary[key]?.[row];
      return value === undefined ? null : { top1: pct(value), interval: null, target: null };
    }),
  }));
  return { columns: keys.map((key) => key.replace(/^k/, 'k = ')), rows };
}
