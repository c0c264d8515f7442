// models/index.json: the one list of shipped models, in picker order. The first is the default everywhere: the
// app's first model, the CLI's --model, the tests' reference model; the entry marked baseline is the ResNet the
// attacks compare against.
import { z } from './zod.ts';

export const ModelEntrySchema = z.object({
  name: z.string().regex(/^[\w-]+$/, 'must be a folder name under models/ (letters, digits, "_", "-")'), // a user model's: app/models/names.ts
  label: z.string().min(1).max(100), // shown in the picker
  baseline: z.boolean().optional(), // the ResNet the attacks compare against
  k: z.number().int().min(1).max(16).optional(), // the k an S3TA was trained for: the header's k buttons switch to it
});

export type ModelEntry = z.infer<typeof ModelEntrySchema>;

const ModelIndexSchema = z.object({ models: z.array(ModelEntrySchema).min(1, 'lists no models: train and export one (see README)') });

/** index.json's text -> its entries, or an error that names the field at fault. */
export function parseModelIndex(text: string): ModelEntry[] {
  const parsed = ModelIndexSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`models/index.json: ${issue.path.join('.') || 'the index'} ${issue.message}`);
  }
  return parsed.data.models;
}

export const defaultEntry = (entries: ModelEntry[]): ModelEntry => entries[0];

export const baselineEntry = (entries: ModelEntry[]): ModelEntry | null => entries.find((e) => e.baseline) ?? null;
