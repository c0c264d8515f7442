// The attack strength strip (the paper's fig. 8): targeted PGD read at several step counts, for S3TA and the
// baseline side by side. One run to the largest count yields a frame at each: PGD's iterates are one
// trajectory (the random start is drawn once, from the seed), so step 10 of a 1000-step run is PGD-10.
import type { AttackFrame } from './attack-run.ts';
import { parseStepList, type AttackParams, type AttackSettings } from './attack-specs.ts';

export const STRIP_STEPS = [10, 100, 1000];
const MAX_COLUMNS = 6;

/** The strip's step counts as typed: at most MAX_COLUMNS of them. */
export const parseStripSteps = (text: string, name: string) => parseStepList(text, name, STRIP_STEPS, MAX_COLUMNS);

/** What the strip's run is given; the rest is fixed (targeted PGD). */
export interface StripChoice {
  source: number;
  target: number | 'random';
  k: number;
  eps: number;
  seed: number;
  params: AttackParams; // PGD's: stepSize, randomStart
}

/** The one targeted PGD run the strip reads: to the largest step count, a frame at each, and frames every 1%
 * of the way for progress. */
export function stripSettings(choice: StripChoice, steps: number[]): AttackSettings {
  const last = steps[steps.length - 1];
  return {
    ...choice, attack: 'pgd', targeted: true, steps: last, frameSteps: steps, frameEvery: Math.max(1, Math.floor(last / 100)),
  };
}

/** One model at one step count. */
export interface StripCell {
  adversarial: Float32Array; // [S, S, 3] in [0, 1]
  prediction: number;
  targetProbability: number;
  linf: number; // max |adversarial - clean|
  attention: Float32Array | null; // S3TA's last glance [heads, h, w]; null for the baseline
}

/** A column of the strip: every model at one step count. */
export interface StripColumn {
  step: number;
  target: number;
  cells: StripCell[]; // in the run's model order
}

/** The strip's column from a frame of its run (k: the run's glances), or null when the frame is only for progress. */
export function stripColumn(frame: AttackFrame, steps: number[], k: number): StripColumn | null {
  if (!steps.includes(frame.step) || frame.target === null) return null;
  const cells = frame.models.map((m): StripCell => ({
    adversarial: m.adversarial, prediction: m.prediction, targetProbability: m.targetProbability ?? 0, linf: m.linf,
    attention: m.arch === 's3ta' ? m.attention.slice(((k - 1) * m.attention.length) / k) : null,
  }));
  return { step: frame.step, target: frame.target, cells };
}
