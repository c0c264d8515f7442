// The race's numbers, without tfjs (the UI draws them): tallies over images, and the reference curves that
// eval.json holds for the same attack on many images.
import type { Evaluation, Rate } from './manifest.ts';
import type { RaceResult } from './race.ts';

/** One model after `step` steps over n images: the fraction still right (top-1) and the fraction on target. */
export interface RaceTally { step: number; n: number; top1: number; hit: number }

/** A model's tally at each of its points (step 0, then each step count), over every image raced. */
export function tallyRace(results: RaceResult[], model: number): RaceTally[] {
  const first = results[0]?.models[model]?.points ?? [];
  return first.map(({ step }, i) => {
    const points = results.map((r) => r.models[model].points[i]);
    const rate = (hit: (p: (typeof points)[number], r: RaceResult) => boolean) => points.filter((p, j) => hit(p, results[j])).length / points.length;
    return { step, n: points.length, top1: rate((p, r) => p.prediction === r.source), hit: rate((p, r) => p.prediction === r.target) };
  });
}

/** eval.json's targeted PGD at one k ("k8") or for the baseline ("resnet"): top-1 and success by steps, with intervals. */
export interface ReferencePoint { steps: number; stepSize: number | null; top1: Rate; success: Rate | null }

export function referenceCurve(evaluation: Evaluation | null, key: string, eps: number): ReferencePoint[] {
  const results = evaluation?.results?.[key];
  if (!evaluation || !results) return [];
  return Object.entries(evaluation.attacks)
    .filter(([, a]) => a.kind === 'pgd' && a.targeted && a.steps !== undefined && Math.abs(a.eps - eps) < 1e-6)
    .flatMap(([name, a]) => {
      const cell = results[name] as { top1?: Rate; success?: Rate } | undefined; // an attack's cell, not clean's
      if (!cell?.top1) return [];
      const stepSize = typeof a.step_size === 'number' ? a.step_size : null;
      return [{ steps: a.steps!, stepSize, top1: cell.top1, success: cell.success ?? null }];
    })
    .sort((a, b) => a.steps - b.steps);
}
