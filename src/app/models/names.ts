// How a user model is named, the one key every worker and the picker know it by: a URL model by its folder's URL
// (so a link can carry it as model=<url>), a dropped one by "dropped:" and its folder's name (never in a link).
import type { ModelEntry } from '../../worker/protocol.ts';

const DROPPED = 'dropped:';

export const isModelUrl = (name: string): boolean => /^https?:\/\//i.test(name);
export const isDroppedModel = (name: string): boolean => name.startsWith(DROPPED);
export const isUserModel = (name: string): boolean => isModelUrl(name) || isDroppedModel(name);

/** The name of a dropped or picked folder's model (loose files: "dropped files"). */
export function droppedModelName(folder: string | null): string {
  return `${DROPPED}${folder ?? 'dropped files'}`;
}

/** The folder URL a model=<url> names (or its manifest.json's URL), ending in "/" so that its files resolve inside it. */
export function modelFolderUrl(text: string): string {
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${text}: a model URL must be http or https`);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1'].includes(url.hostname)) {
    throw new Error(`${text}: a model URL must be https (plain http only from this machine: localhost, 127.0.0.1)`);
  }
  url.pathname = url.pathname.replace(/\/manifest\.json$/, '/').replace(/([^/])$/, '$1/');
  url.search = '';
  url.hash = '';
  return url.href;
}

/** "<folder> (yours)": the dropped folder's name, or the URL's last path segment. */
export function userModelLabel(name: string): string {
  const folder = isModelUrl(name) ? new URL(name).pathname.split('/').filter(Boolean).pop() ?? new URL(name).host : name.slice(DROPPED.length);
  return `${folder} (yours)`;
}

/** The baseline to attack beside `name`: a user model is compared with a user baseline, a shipped one with a
 * shipped baseline (the worker refuses models of another input size or other classes side by side). */
export function baselineFor(name: string, models: ModelEntry[]): ModelEntry | null {
  return models.find((m) => m.baseline && m.name !== name && isUserModel(m.name) === isUserModel(name)) ?? null;
}
