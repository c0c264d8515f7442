// A presenter's scene list: {"scenes": [{"title": "...", "link": "<permalink query>"}]}, checked with zod.
import { z } from '../../engine/zod.ts';

const ScenesSchema = z.object({ scenes: z.array(z.object({ title: z.string().max(200), link: z.string().max(4000) })).min(1).max(200) });
export type Scene = z.infer<typeof ScenesSchema>['scenes'][number];

/** Parses a scene list, naming what is wrong. */
export function parseScenes(text: string): Scene[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`the scene list is not JSON: ${(e as Error).message}`);
  }
  const result = ScenesSchema.safeParse(json);
  if (!result.success) throw new Error(`the scene list: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data.scenes;
}
