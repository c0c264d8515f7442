// Keeps the URL in step with the store (history.replaceState), and restores the store from the URL on load:
// the permalink. A linked sample is loaded once the model is ready; a linked glance once the image is classified.
import { useEffect, useRef } from 'react';
import { loadSamples, sampleBlob } from '../shared/Gallery.tsx';
import { initialState, useApp, type AppState } from './store.ts';
import type { ClassificationState, ImageInput } from './types.ts';
import { fromSearch, toSearch, type Linked } from './url.ts';
import type { ModelInfo } from '../../worker/protocol.ts';

export function linked(state: AppState): Linked {
  const { image, ...rest } = state;
  return { ...rest, sample: image?.sample?.id ?? null };
}

const DEFAULTS = linked(initialState());

export function usePermalink(model: ModelInfo | null, imageInput: ImageInput, classification: ClassificationState): void {
  const restored = useRef(fromSearch(location.search, DEFAULTS));
  const pendingSample = useRef(restored.current.sample);
  const pendingGlance = useRef(restored.current.glance !== DEFAULTS.glance ? restored.current.glance : null);

  useEffect(() => {
    const { sample: _, ...state } = restored.current;
    useApp.setState(state);
    return useApp.subscribe((s) => {
      const search = toSearch(linked(s), DEFAULTS, location.search);
      if (search !== location.search.slice(1)) history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`);
    });
  }, []);

  useEffect(() => {
    const id = pendingSample.current;
    if (!model || !id) return;
    pendingSample.current = null;
    loadSamples().then(({ samples }) => {
      const sample = samples.find((s) => s.id === id);
      if (sample) return sampleBlob(sample).then((blob) => imageInput.openImage(blob, `${sample.label} (sample ${sample.id})`, sample));
    }).catch(() => {});
  }, [model, imageInput]);

  useEffect(() => {
    if (classification.result && pendingGlance.current !== null) {
      useApp.getState().set({ glance: pendingGlance.current });
      pendingGlance.current = null;
    }
  }, [classification.result]);
}
