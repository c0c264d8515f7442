// The app's worker calls, one hook each, all in one pattern: state from useState, the call in an effect (or a
// callback), aborted when its inputs change. The attack's run (attack/use-attack.ts) lives in a store of its own
// instead, so that it outlives its view.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApp } from '../state/store.ts';
import type { CropCentre, LoadedImage, LoadState, Sample } from '../state/types.ts';
import type { BackendInfo, Classification, LoadPhase, ModelEntry, ModelInfo, PreparedImage } from '../../worker/protocol.ts';
import { EngineBridge, isAbort } from './bridge.ts';
import { preferredBackend, useEngine } from './use-engine.ts';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts the engine on the best backend (or ?backend=) and reads models/index.json. */
export function useEngineSetup() {
  const engine = useEngine();
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [models, setModels] = useState<ModelEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    engine.call((e) => e.init(preferredBackend()))
      .then(setBackend)
      .then(() => engine.call((e) => e.listModels()))
      .then(setModels)
      .catch((e) => setError(errorText(e)));
  }, [engine]);
  return { backend, models, error };
}

/** Loads the named model in the worker, reporting download and compile progress. */
export function useModel(name: string | null) {
  const engine = useEngine();
  const [model, setModel] = useState<ModelInfo | null>(null);
  const [load, setLoad] = useState<LoadState>({ phase: 'starting' });
  useEffect(() => {
    if (!name) return;
    let current = true;
    setLoad({ phase: 'download', loaded: 0, total: 0 });
    const progress = EngineBridge.callback((phase: LoadPhase, loaded: number, total: number) => current && setLoad({ phase, loaded, total }));
    engine.call<ModelInfo>((e) => e.loadModel(name, progress))
      .then((info) => {
        if (!current) return;
        setModel(info);
        setLoad({ phase: 'ready', ms: info.loadMs });
      })
      .catch((e) => current && setLoad({ phase: 'error', message: errorText(e) }));
    return () => { current = false; };
  }, [engine, name]);
  return { model: model?.name === name ? model : null, load };
}

function loadedImage(file: Blob, name: string, sample: Sample | null, centre: CropCentre, prepared: PreparedImage, url?: string): LoadedImage {
  const size = Math.sqrt(prepared.rgba.length / 4);
  return {
    file, name, sample, centre, url: url ?? URL.createObjectURL(file), prepared,
    pixels: new ImageData(new Uint8ClampedArray(prepared.rgba), size, size),
  };
}

const fitsModel = (image: LoadedImage, model: ModelInfo) => image.prepared.rgba.length === model.inputSize ** 2 * 4;

/** openImage(file, name): prepares an image for the model in the worker and puts it in the store; a model
 * with another input size gets the same file prepared again. */
export function useImageInput(model: ModelInfo | null) {
  const engine = useEngine();
  const image = useApp((s) => s.image);
  const setImage = useApp((s) => s.setImage);
  const [error, setError] = useState<string | null>(null);
  const openImage = useCallback(async (file: Blob, name: string, sample?: Sample, centre: CropCentre = { x: 0.5, y: 0.5 }) => {
    if (!model) return;
    setError(null);
    try {
      const prepared = await engine.call((e) => e.prepareImage(file, name, model.inputSize, centre));
      const same = useApp.getState().image; // the same file re-cropped keeps its object URL
      setImage(loadedImage(file, name, sample ?? null, centre, prepared, same?.file === file ? same.url : undefined));
    } catch (e) {
      setError(errorText(e));
    }
  }, [engine, model, setImage]);
  useEffect(() => {
    if (model && image && !fitsModel(image, model)) void openImage(image.file, image.name, image.sample ?? undefined, image.centre);
  }, [model, image, openImage]);
  return useMemo(() => ({ openImage, error }), [openImage, error]);
}

/** Classifies the store's image with the model at k; the newest call wins, older ones are abandoned. */
export function useClassification(model: ModelInfo | null, k: number) {
  const engine = useEngine();
  const image = useApp((s) => s.image);
  const set = useApp((s) => s.set);
  const [result, setResult] = useState<{ model: string; image: LoadedImage; value: Classification } | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!model || !image || !fitsModel(image, model)) return;
    const controller = new AbortController();
    setRunning(true);
    setError(null);
    engine.call<Classification>((e) => e.classify(model.name, image.prepared.input, k), controller.signal)
      .then((value) => {
        setResult({ model: model.name, image, value });
        set({ glance: value.k - 1 });
      })
      .catch((e) => isAbort(e) || setError(errorText(e)))
      .finally(() => controller.signal.aborted || setRunning(false));
    return () => controller.abort();
  }, [engine, model, image, k, set]);
  // the last image's result is not shown over a new one (a link's glance waits for the new image's result)
  const shown = result && model && result.model === model.name && result.image === image
    && result.value.logits.length === result.value.k * model.classes.length ? result.value : null;
  return { result: shown, running, error };
}
