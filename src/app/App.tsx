import { useCallback, useEffect, useRef, useState } from 'react';
import type { Classification } from '../engine/model.ts';
import type { BackendInfo, ModelInfo, PreparedImage } from '../worker/engine-worker.ts';
import { EngineBridge, isAbort } from './engine-bridge.ts';
import { useAttack } from './use-attack.ts';
import { useEngine } from './use-engine.ts';
import type { AttackSettings } from '../engine/attack-run.ts';
import { glanceLogits, topK } from '../engine/predictions.ts';
import { AttackPanel } from './components/AttackPanel.tsx';
import { AttackView } from './components/AttackView.tsx';
import { GlanceGrid } from './components/GlanceGrid.tsx';
import { GlanceViewer, type HeadChoice } from './components/GlanceViewer.tsx';
import { Header } from './components/Header.tsx';
import { ImagePanel } from './components/ImagePanel.tsx';
import { ModelCard } from './components/ModelCard.tsx';
import { Predictions } from './components/Predictions.tsx';
import { ProbabilityChart } from './components/ProbabilityChart.tsx';
import { StatusBar, type LoadState } from './components/StatusBar.tsx';

export const GLANCE_CHOICES = [2, 4, 8, 16];
export type Mode = 'look' | 'attack';
const BASELINE = 'resnet';

export interface LoadedImage {
  file: Blob;
  name: string;
  url: string; // object URL of the original, for the crop view
  prepared: PreparedImage;
  pixels: ImageData; // prepared.rgba, ready to draw
}

function loadedImage(file: Blob, name: string, prepared: PreparedImage): LoadedImage {
  const size = Math.sqrt(prepared.rgba.length / 4);
  return { file, name, url: URL.createObjectURL(file), prepared, pixels: new ImageData(new Uint8ClampedArray(prepared.rgba), size, size) };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App() {
  const engine = useEngine();
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [modelNames, setModelNames] = useState<string[]>([]);
  const [modelName, setModelName] = useState<string | null>(null);
  const [model, setModel] = useState<ModelInfo | null>(null);
  const [load, setLoad] = useState<LoadState>({ phase: 'starting' });
  const [image, setImage] = useState<LoadedImage | null>(null);
  const [k, setK] = useState(8);
  const [result, setResult] = useState<Classification | null>(null);
  const [running, setRunning] = useState(false);
  const [glance, setGlance] = useState(0);
  const [head, setHead] = useState<HeadChoice>('all');
  const [error, setError] = useState<string | null>(null);
  const [showCard, setShowCard] = useState(false);
  const [mode, setMode] = useState<Mode>('look');
  const classifyAbort = useRef<AbortController | null>(null);
  const attack = useAttack();

  useEffect(() => {
    const preferred = new URLSearchParams(location.search).get('backend') ?? undefined;
    engine.call((e) => e.init(preferred))
      .then(setBackend)
      .then(() => engine.call((e) => e.listModels()))
      .then((names) => {
        if (!names.length) throw new Error('no models in models/: train and export one (see README)');
        setModelNames(names);
        setModelName(names[0]);
      })
      .catch((e) => setLoad({ phase: 'error', message: errorText(e) }));
  }, [engine]);

  useEffect(() => {
    if (!modelName) return;
    setLoad({ phase: 'download', loaded: 0, total: 0 });
    const progress = EngineBridge.callback((phase: 'download' | 'compile', loaded: number, total: number) => setLoad({ phase, loaded, total }));
    engine.call((e) => e.loadModel(modelName, progress))
      .then((info) => {
        setModel(info);
        setLoad({ phase: 'ready', ms: info.loadMs });
      })
      .catch((e) => setLoad({ phase: 'error', message: errorText(e) }));
  }, [engine, modelName]);

  const openImage = useCallback(async (file: Blob, name: string) => {
    if (!model) return;
    setError(null);
    try {
      const prepared = await engine.call((e) => e.prepareImage(file, name, model.inputSize));
      setImage((old) => {
        if (old) URL.revokeObjectURL(old.url);
        return loadedImage(file, name, prepared);
      });
    } catch (e) {
      setError(errorText(e));
    }
  }, [engine, model]);

  // A new model may want another input size: prepare the same file again.
  useEffect(() => {
    if (model && image && image.prepared.rgba.length !== model.inputSize ** 2 * 4) void openImage(image.file, image.name);
  }, [model, image, openImage]);

  useEffect(() => {
    if (!model || !image || image.prepared.rgba.length !== model.inputSize ** 2 * 4) return;
    classifyAbort.current?.abort();
    const controller = new AbortController();
    classifyAbort.current = controller;
    setRunning(true);
    engine.call((e) => e.classify(model.name, image.prepared.input, k), controller.signal)
      .then((r) => {
        setResult(r);
        setGlance(r.k - 1);
      })
      .catch((e) => isAbort(e) || setError(errorText(e)))
      .finally(() => controller.signal.aborted || setRunning(false));
    return () => controller.abort();
  }, [engine, model, image, k]);

  const shown = result && model && result.logits.length === result.k * model.classes.length ? result : null;
  const source = shown && model ? topK(glanceLogits(shown.logits, model.classes.length, shown.k - 1), model.classes, 1)[0].index : null;
  const startAttack = async (settings: AttackSettings, withBaseline: boolean) => {
    if (!model || !image) return;
    try {
      if (withBaseline) await engine.call((e) => e.loadModel(BASELINE));
      attack.start(withBaseline ? [model.name, BASELINE] : [model.name], image.prepared.input, settings);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const canAttack = model?.arch === 's3ta';
  return (
    <div className="app">
      <Header
        modelNames={modelNames} modelName={modelName} onModel={(name) => { setResult(null); setModelName(name); }}
        model={model} k={k} onK={setK} onShowCard={() => setShowCard(true)}
        mode={mode} onMode={setMode} canAttack={canAttack}
      />
      {mode === 'attack' && canAttack ? (
        <main className="panels attack-mode">
          <div className="side">
            <ImagePanel image={image} disabled={!model || attack.status === 'running'} onImage={openImage} error={error} running={running} />
            <AttackPanel classes={model.classes} source={source} k={k} hasBaseline={modelNames.includes(BASELINE)}
              run={attack.run} status={attack.status} error={attack.error}
              onStart={startAttack} onPause={attack.pause} onCancel={attack.cancel} />
          </div>
          {image && shown && attack.run && attack.run.settings.k === shown.k
            ? <AttackView image={image} model={model} clean={shown} run={attack.run} status={attack.status} />
            : <section className="panel viewer placeholder"><p>{image ? 'Choose a target and start the attack: watch the attention get pulled away.' : 'Load an image first.'}</p></section>}
        </main>
      ) : (
      <main className="panels">
        <ImagePanel image={image} disabled={!model} onImage={openImage} error={error} running={running} />
        {image && model ? (
          <GlanceViewer
            image={image} model={model} result={shown} glance={glance} head={head}
            onGlance={setGlance} onHead={setHead}
          />
        ) : (
          <section className="panel viewer placeholder">
            <p>{model ? 'Drop, paste or pick an image — or take a webcam snapshot — to watch S3TA look at it.' : 'Loading the model…'}</p>
          </section>
        )}
        <aside className="side">
          <Predictions model={model} result={shown} glance={glance} />
          <ProbabilityChart model={model} result={shown} glance={glance} onGlance={setGlance} />
        </aside>
        {image && model && shown && model.attentionShape && (
          <GlanceGrid image={image} model={model} result={shown} glance={glance} head={head}
            onSelect={(t, h) => { setGlance(t); setHead(h); }} />
        )}
      </main>
      )}
      <StatusBar backend={backend} load={load} model={model} result={shown} running={running} />
      {showCard && model && <ModelCard model={model} onClose={() => setShowCard(false)} />}
    </div>
  );
}
