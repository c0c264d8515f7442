// The model folder that training/export.py writes: manifest.json + weights.bin (+ fixtures for tests).
// One schema (zod) checks every manifest the app, the worker and the CLI read; `npm run schema` writes it as JSON
// Schema to models/manifest.schema.json, against which training/export.py's output is tested.
import { z } from './zod.ts';

export const MANIFEST_FORMAT = 'saccade-model/1';
/** The largest input side and class count a manifest may declare: far above any model here, far below a DoS. */
const MAX_INPUT = 1024;
const MAX_CLASSES = 100_000;

const count = (max: number) => z.number().int().min(1).max(max);
const rgb = (what: string, value = z.number()) => z.array(value, { error: `${what} must be 3 numbers (R, G, B)` }).length(3, `${what} must be 3 numbers (R, G, B)`);

/** A file name inside the model folder: no separators, no "..", nothing hidden. */
export const plainFileName = z.string().regex(/^[\w][\w.-]*$/, 'must be a plain file name inside the model folder (letters, digits, "_", "-", ".")')
  .refine((name) => !name.includes('..'), 'must not contain ".."');

const visionNet = {
  input_size: z.number().int().min(8).max(MAX_INPUT).multipleOf(8, 'must be a multiple of 8 (the output stride)'),
  stem_width: count(4096),
  widths: z.array(count(4096)).min(1).max(8),
  blocks: z.array(z.number().int().min(1).max(64)).min(1).max(8),
  classes: count(MAX_CLASSES),
  mean: rgb('mean'),
  std: rgb('std', z.number().positive('std must be > 0 in every channel')),
};

export const S3taConfigSchema = z.object({
  ...visionNet,
  c_k: count(4096),
  basis_size: count(64), // U
  hidden: count(16384),
  query_hidden: count(16384),
  readout_hidden: count(16384),
  heads: count(64),
  glances: count(16), // the k it was trained for: the default k
});

export const ResNetConfigSchema = z.object({ ...visionNet, strides: z.array(z.number().int().min(1).max(8)).min(1).max(8) });

const WeightEntrySchema = z.object({
  name: z.string().min(1).max(200),
  shape: z.array(z.number().int().min(0).max(1 << 24)).max(8),
  dtype: z.literal('float32'),
});

const WeightsGroupSchema = z.object({ paths: z.array(plainFileName).min(1).max(64), weights: z.array(WeightEntrySchema).min(1) });

const ClassInfoSchema = z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) });

const common = {
  format: z.literal(MANIFEST_FORMAT, { error: `format must be "${MANIFEST_FORMAT}"` }),
  classes: z.array(ClassInfoSchema).min(1),
  input: z.object({ size: z.number().int(), mean: rgb('input.mean').optional(), std: rgb('input.std').optional() }).loose(),
  recipe: z.object({
    args: z.record(z.string(), z.unknown()),
    epochs_trained: z.number().int().min(0),
    train_seconds: z.number().min(0),
    dataset: z.object({ name: z.string(), train_images: z.number().int().min(0), classes: z.number().int().min(1) }).optional(),
    machine: z.string().optional(),
  }).loose(),
  weightsManifest: z.array(WeightsGroupSchema).min(1),
  sha256: z.record(plainFileName, z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in hex')),
  eval: z.record(z.string(), z.record(z.string(), z.number())).optional(),
};

const ManifestObject = z.discriminatedUnion('arch', [
  z.object({ ...common, arch: z.literal('s3ta'), config: S3taConfigSchema }).loose(),
  z.object({ ...common, arch: z.literal('resnet'), config: ResNetConfigSchema }).loose(),
], { error: (issue) => (issue.code === 'invalid_union' ? 'arch must be "s3ta" or "resnet"' : undefined) });

/** Cross-field rules JSON Schema cannot say: class names for every class, the input size the config's, a
 * sha256 for every weight file. */
export const ManifestSchema = ManifestObject.superRefine((m, ctx) => {
  if (m.classes.length !== m.config.classes) {
    ctx.addIssue({ code: 'custom', path: ['classes'], message: `lists ${m.classes.length} classes, config.classes is ${m.config.classes}` });
  }
  if (m.input.size !== m.config.input_size) {
    ctx.addIssue({ code: 'custom', path: ['input', 'size'], message: `is ${m.input.size}, config.input_size is ${m.config.input_size}` });
  }
  for (const path of m.weightsManifest.flatMap((g) => g.paths)) {
    if (!(path in m.sha256)) ctx.addIssue({ code: 'custom', path: ['sha256'], message: `has no entry for weight file ${path}` });
  }
});

export type S3taConfig = z.infer<typeof S3taConfigSchema>;
export type ResNetConfig = z.infer<typeof ResNetConfigSchema>;
export type VisionNetConfig = Pick<S3taConfig, keyof typeof visionNet>;
export type WeightsGroup = z.infer<typeof WeightsGroupSchema>;
export type ClassInfo = z.infer<typeof ClassInfoSchema>;
export type Manifest = z.infer<typeof ManifestObject>;
export type S3taManifest = Extract<Manifest, { arch: 's3ta' }>;
export type ResNetManifest = Extract<Manifest, { arch: 'resnet' }>;

/** Parses manifest.json's text, naming every problem by its path ("config.std: std must be > 0 ..."). */
export function parseManifest(text: string): Manifest {
  return parseJson('manifest.json', text, ManifestSchema);
}

function parseJson<T>(file: string, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    throw new Error(`${file}: ${problems.join('; ')}`);
  }
  return result.data;
}

/** The byte length a weight group's files must have together: 4 bytes per float32. */
export function groupBytes(group: WeightsGroup): number {
  return group.weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
}

/** JSON Schema of the manifest, for training/export.py's tests (the cross-field rules are zod's only). */
export function manifestJsonSchema(): unknown {
  return z.toJSONSchema(ManifestObject, { target: 'draft-2020-12', unrepresentable: 'any' });
}

/** A cell of eval.json's summary: rate by attack name, per k (or "resnet"). */
const EvalSummarySchema = z.record(z.string(), z.record(z.string(), z.number()));

/** One attack of training/evaluate.py's protocol, as eval.json records it. */
const EvalAttackSchema = z.looseObject({
  kind: z.string(), // a registered attack: attack-specs.ts, training/attacks.py
  targeted: z.boolean(),
  eps: z.number(),
  steps: z.number().int().optional(),
});

const perHead = z.looseObject({ mean: z.number(), per_head: z.array(z.number()) });

/** training/attention_metrics.py's metrics at one k. */
const AttentionAtKSchema = z.looseObject({
  energy_in_box: perHead,
  energy_ratio: perHead,
  pointing_game: z.looseObject({ mean: z.number() }),
  effective_locations: z.looseObject({ mean: z.number(), of: z.number() }),
  tv_consecutive: z.looseObject({ mean_from_glance_3: z.number().nullable() }).optional(),
  tv_glance2_last: z.number().optional(),
});

const AttackPullSchema = z.looseObject({
  k: z.number(), steps: z.number(), attacked: z.number(), succeeded: z.number(),
  energy_before: z.number().optional(), energy_after: z.number().optional(), energy_drop: z.number().optional(),
  tv_clean_adversarial: z.number().optional(), tv_clean_noise: z.number().optional(),
});

/** A rate over n images with its Wilson 95% interval. */
const RateSchema = z.looseObject({ value: z.number(), n: z.number().int().min(0), ci95: z.tuple([z.number(), z.number()]) });

/** eval.json's results at one k (or "resnet"): clean accuracy, and each attack's top-1 and target success. */
const EvalResultsSchema = z.record(z.string(), z.union([RateSchema, z.looseObject({ top1: RateSchema, success: RateSchema.optional() })]));

/** training/attention_metrics.py's report on a set of boxed images. */
const AttentionSchema = z.intersection(
  z.looseObject({ images: z.number().int().min(0), area_share: z.number(), centre_prior_pointing: z.number(), attack_pull: AttackPullSchema.optional() }),
  z.looseRecord(z.templateLiteral(['k', z.number().int()]), AttentionAtKSchema), // the metrics at each k: k2, k4, ...
);

/** The parts of eval.json (training/evaluate.py, training/attention_metrics.py) the app shows; other fields pass. */
export const EvaluationSchema = z.looseObject({
  images: z.number().int().min(0),
  split: z.string(),
  summary: EvalSummarySchema,
  attacks: z.record(z.string(), EvalAttackSchema),
  results: z.record(z.string(), EvalResultsSchema).optional(),
  attention: AttentionSchema.optional(), // on every val image with an object box
  attention_heldback: AttentionSchema.optional(), // on the held-back half (never used to choose a recipe)
});

export type EvalSummary = z.infer<typeof EvalSummarySchema>;
export type EvalAttack = z.infer<typeof EvalAttackSchema>;
export type Rate = z.infer<typeof RateSchema>;
export type AttentionAtK = z.infer<typeof AttentionAtKSchema>;
export type AttackPull = z.infer<typeof AttackPullSchema>;
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** Parses eval.json's text, naming every problem by its path, as parseManifest does. */
export function parseEvaluation(text: string): Evaluation {
  return parseJson('eval.json', text, EvaluationSchema);
}

/** What decides whether two models can be attacked or raced on one image: its size, and the classes' meaning. */
export interface ModelInput { label: string; inputSize: number; classes: ClassInfo[] }

/** Why `other` cannot take the same images and classes as `model` (another input size, other classes), or null. */
export function inputMismatch(model: ModelInput, other: ModelInput): string | null {
  if (other.inputSize !== model.inputSize) return `${other.label} takes ${other.inputSize} px images, ${model.label} ${model.inputSize} px`;
  const same = other.classes.length === model.classes.length && other.classes.every((c, i) => c.id === model.classes[i].id);
  return same ? null : `${other.label} has other classes than ${model.label}`;
}
