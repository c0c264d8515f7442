// Keeps the URL in step with the store (history.replaceState), and applies links to the store: the page's own
// URL on load, and presenter scenes later. A linked sample is loaded once the model is ready; a linked glance once
// the image is classified (classifying moves the glance to the last one).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ModelInfo } from '../../worker/protocol.ts';
import { isDroppedModel } from '../models/names.ts';
import { loadSamples, sampleBlob } from '../shared/Gallery.tsx';
import { initialState, useApp, type AppState } from './store.ts';
import type { ClassificationState, ImageInput } from './types.ts';
import { fromSearch, toSearch, type Linked } from './url.ts';

/** What a link can carry: a sample but not an upload, a shipped or URL model but not a dropped one. */
export function linked(state: AppState): Linked {
  const { image, linksApplied: _, ...rest } = state;
  const modelName = rest.modelName && isDroppedModel(rest.modelName) ? null : rest.modelName;
  return { ...rest, modelName, sample: image?.sample?.id ?? null };
}

const DEFAULTS = linked(initialState());

/** A link's state, the parameters it ignored, and whether it names a glance it could read (to restore once the
 * image is classified). */
function parse(search: string) {
  const { state, ignored } = fromSearch(search, DEFAULTS);
  return { state, ignored, glance: new URLSearchParams(search).has('glance') && !ignored.some((p) => p.startsWith('glance=')) };
}

/** -> apply(search), which puts a link's state in the store and loads its sample, and what the last link asked for
 * that it could not have (ignored: "k=99", "sample=x"; dismiss clears it). */
export function usePermalink(model: ModelInfo | null, imageInput: ImageInput, classification: ClassificationState) {
  const [pending, setPending] = useState<ReturnType<typeof parse> | null>(() => parse(location.search));
  const [ignored, setIgnored] = useState<string[]>([]);
  const [pendingSample, setPendingSample] = useState<string | null>(null); // waits for a model (its input size)
  const pendingGlance = useRef<{ glance: number; k: number | null; sample: string | null } | null>(null);

  const apply = useCallback((search: string) => setPending(parse(search)), []);

  useEffect(() => useApp.subscribe((s) => {
    const search = toSearch(linked(s), DEFAULTS, location.search);
    if (search !== location.search.slice(1)) history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
  }), []);

  useEffect(() => { // once per link: applied again, it would undo what the user did since (a model prompt's answer)
    if (!pending) return;
    const { sample, ...state } = pending.state;
    useApp.setState((s) => ({ ...state, linksApplied: s.linksApplied + 1 }));
    setIgnored(pending.ignored);
    pendingGlance.current = pending.glance ? { glance: state.glance, k: state.k, sample } : null;
    setPendingSample(sample);
    setPending(null);
  }, [pending]);

  useEffect(() => {
    if (!pendingSample || !model) return;
    const sample = pendingSample;
    const link = useApp.getState().linksApplied; // a later link (the next scene) owns the notice by the time this resolves
    setPendingSample(null);
    loadSamples().then(({ samples }) => {
      const found = samples.find((s) => s.id === sample);
      if (!found) {
        if (useApp.getState().linksApplied === link) setIgnored((names) => [...names, `sample=${sample}`]);
        return;
      }
      return sampleBlob(found).then((blob) => imageInput.openImage(blob, `${found.label} (sample ${found.id})`, found));
    }).catch(() => {});
  }, [pendingSample, model, imageInput]);

  useEffect(() => {
    const want = pendingGlance.current;
    const { result } = classification;
    if (!want || !result) return;
    const image = useApp.getState().image;
    if ((want.k !== null && result.k !== want.k) || (want.sample !== null && image?.sample?.id !== want.sample)) return;
    useApp.getState().set({ glance: Math.min(want.glance, result.k - 1) });
    pendingGlance.current = null;
  }, [classification]);

  return { apply, ignored, dismiss: useCallback(() => setIgnored([]), []) };
}
