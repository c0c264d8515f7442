import { useEffect, useMemo, useRef, useState } from 'react';
import { boxRegion, massInside, type Box } from '../../engine/attention-metrics.ts';
import { attackLabel } from '../../engine/attack-specs.ts';
import type { Classification, ModelInfo } from '../../worker/protocol.ts';
import { Choices } from '../shared/Choices.tsx';
import { download } from '../shared/download.ts';
import { glanceHeatmap, headChoices } from '../shared/heatmap.ts';
import { LayeredCanvas } from '../shared/LayeredCanvas.tsx';
import { LineChart, type Series } from '../shared/LineChart.tsx';
import type { HeadChoice, LoadedImage } from '../state/types.ts';
import { PRESENTER_EVENTS } from '../presenter/use-presenter.ts';
import type { FilmScene } from './export.ts';
import { imageData, perturbationData, type FrameImages, type StepTrace } from './frames.ts';
import type { AttackRun, AttackStatus } from './use-attack.ts';

interface Props {
  image: LoadedImage;
  model: Extract<ModelInfo, { arch: 's3ta' }>;
  clean: Extract<Classification, { arch: 's3ta' }>; // S3TA on the clean image at the attack's k
  run: AttackRun;
  status: AttackStatus;
}

/** The first step at which S3TA predicts the target (or, untargeted, leaves the source), or null. */
function reachedAt(trace: StepTrace[], source: number): number | null {
  const hit = trace.find((t) => (t.target === null ? t.models[0].prediction !== source : t.models[0].prediction === t.target));
  return hit ? hit.step : null;
}

/** The sample's ImageNet boxes in the model input's coordinates (the centre crop), or none for an upload. */
function objectBoxes(image: LoadedImage): Box[] {
  const { sample, prepared: { crop, width, height } } = image;
  const toCrop = (v: number, size: number, offset: number) => Math.min(1, Math.max(0, (v * size - offset) / crop.size));
  return (sample?.boxes ?? []).map(([x0, y0, x1, y1]) => ({
    x0: toCrop(x0, width, crop.x), y0: toCrop(y0, height, crop.y), x1: toCrop(x1, width, crop.x), y1: toCrop(y1, height, crop.y),
  })).filter((b) => b.x1 > b.x0 && b.y1 > b.y0); // a box outside the crop is gone, not a line at its edge
}

const VIEW = 300;
const SMALL = 200;

/** The attack, animated: clean vs adversarial with attention, perturbations, and the measured pull on attention. */
export function AttackView({ image, model, clean, run, status }: Props) {
  const [frameIndex, setFrameIndex] = useState<number | null>(null); // null: follow the newest frame
  const [playing, setPlaying] = useState(false);
  const [head, setHead] = useState<HeadChoice>('all');
  const [box, setBox] = useState<Box | null>(null);
  const S = model.inputSize;
  const [heads, h, w] = model.attentionShape;
  const k = clean.k;
  const { trace, images } = run.frames;
  const index = frameIndex ?? images.length - 1;
  const frame: FrameImages | undefined = images[index];
  const frameTrace: StepTrace | undefined = trace.find((t) => t.step === frame?.step);

  useEffect(() => {
    const replay = () => {
      setFrameIndex(0);
      setPlaying(true);
    };
    window.addEventListener(PRESENTER_EVENTS.replay, replay);
    return () => window.removeEventListener(PRESENTER_EVENTS.replay, replay);
  }, []);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setFrameIndex((i) => ((i ?? 0) + 1) % images.length), 120);
    return () => clearInterval(timer);
  }, [playing, images.length]);

  const trueBoxes = useMemo(() => objectBoxes(image), [image]);
  const region = useMemo(() => {
    const boxes = box ? [box] : trueBoxes;
    const cells = boxes.length ? boxRegion(boxes, h, w) : null;
    return cells?.some((c) => c) ? cells : null; // a box between cell centres covers none: no region
  }, [box, trueBoxes, h, w]);
  const inside = useMemo(() => (region ? trace.map((t) => massInside(t.meanAttention, 1, 1, region)) : []), [trace, region]);
  const cleanInside = region ? massInside(clean.attention, k, heads, region) : null;
  const steps = useMemo(() => trace.map((t) => t.step), [trace]);
  const domain = useMemo<[number, number]>(() => [0, run.settings.steps], [run.settings.steps]);
  const probabilities = useMemo<Series[]>(() => {
    const targeted = trace[0]?.target !== null;
    const series = (i: number, name: string, dashed: boolean): Series[] => [
      { label: `${name} source`, colour: '#4cc9f0', dashed, values: trace.map((t) => t.models[i].sourceProbability) },
      ...(targeted ? [{ label: `${name} target`, colour: '#f72585', dashed, values: trace.map((t) => t.models[i].targetProbability ?? 0) }] : []),
    ];
    return [...series(0, 'S3TA', false), ...(trace[0]?.models[1] ? series(1, 'ResNet', true) : [])];
  }, [trace]);
  const pull = useMemo<Series[]>(() => [{ label: 'S3TA, all glances and heads', colour: '#80ed99', values: inside }], [inside]);
  const eps = run.settings.eps;
  const regionProps = region && { cells: region, h, w };
  const reached = reachedAt(trace, run.settings.source);
  const last = trace.at(-1);
  const names = model.classes.map((c) => c.name);

  return (
    <section className="panel attack-view" data-testid="attack-view">
      <h2>
        {attackLabel(run.settings)}
        {frame && frameTrace && <> — step <output data-testid="frame-step">{frame.step}</output>: S3TA says <b>{names[frameTrace.models[0].prediction]}</b>
          {frameTrace.target !== null && <> (target <b>{names[frameTrace.target]}</b>)</>}</>}
      </h2>
      {last && (
        <p className={`badge ${reached === null ? '' : 'reached'}`} data-testid="reached" role="status">
          {reached !== null
            ? `${run.settings.targeted ? 'target reached' : 'prediction changed'} at step ${reached}`
            : `${run.settings.targeted ? 'target not reached' : 'prediction unchanged'} ${status === 'running' || status === 'paused' ? 'yet' : `after ${last.step} steps`}`}
          {' '}(k = {k}{run.models[1] ? '; S3TA' : ''})
        </p>
      )}
      <div className="attack-images">
        <LayeredCanvas image={image.pixels} heatmap={glanceHeatmap(clean.attention, model.attentionShape, k - 1, head, 'inferno', 0.7)}
          region={regionProps} size={VIEW} label={trueBoxes.length ? 'clean + attention (ImageNet object box; drag to redraw)' : 'clean + attention (drag to mark the object)'} onBox={setBox} />
        {frame && frameTrace && (
          <>
            <LayeredCanvas image={imageData(frame.adversarial[0], S)} testId="adversarial-view"
              heatmap={glanceHeatmap(frame.attention, model.attentionShape, 0, head, 'inferno', 0.7)}
              region={regionProps} size={VIEW} label={`adversarial + attention, glance ${k}`} />
            <LayeredCanvas image={perturbationData(frame.adversarial[0], image.prepared.input, eps, S)} size={SMALL}
              label="S3TA's perturbation (±ε → full range)" />
            {frame.adversarial[1] && frameTrace.models[1] && (
              <>
                <LayeredCanvas image={imageData(frame.adversarial[1], S)} size={SMALL}
                  label={`ResNet adversarial: ${names[frameTrace.models[1].prediction]}`} />
                <LayeredCanvas image={perturbationData(frame.adversarial[1], image.prepared.input, eps, S)} size={SMALL}
                  label="ResNet's perturbation" />
              </>
            )}
          </>
        )}
      </div>
      <div className="row">
        <button onClick={() => { setPlaying((p) => !p); setFrameIndex(frameIndex ?? 0); }} disabled={images.length < 2 || status === 'running'}
          aria-label={playing ? 'Pause replay' : 'Replay'}>{playing ? '❚❚' : '▶'}</button>
        <input type="range" min={0} max={Math.max(0, images.length - 1)} value={Math.max(0, index)} aria-label="Attack step"
          onChange={(e) => { setPlaying(false); setFrameIndex(Number(e.target.value)); }} />
        <Choices className="heads" label="Attack head" value={head} onChange={setHead} choices={headChoices(heads)} />
        {box && trueBoxes.length > 0 && <button onClick={() => setBox(null)}>Use the ImageNet object box</button>}
      </div>
      <div className="attack-charts">
        <figure className="step-chart">
          <figcaption>Probability at the last glance</figcaption>
          <LineChart xs={steps} xDomain={domain} series={probabilities} cursor={frame?.step} xLabel="attack step" ariaLabel="source and target probability by attack step" />
        </figure>
        <figure className="step-chart">
          <figcaption>{cleanInside === null ? 'Attention inside the object: drag a box around the object on the clean image'
            : `Attention inside the object${box ? ' (your box)' : ' (ImageNet box)'}: clean ${(100 * cleanInside).toFixed(0)}%`}</figcaption>
          {region && <LineChart xs={steps} xDomain={domain} series={pull} cursor={frame?.step} xLabel="attack step" ariaLabel="attention inside the object region by attack step" testId="pull-chart" />}
        </figure>
      </div>
      <ExportButtons run={run} clean={clean} inside={inside} size={S} />
      <FilmButtons scene={{
        image, shape: model.attentionShape, head, names, title: attackLabel({ ...run.settings }),
        cleanAttention: clean.attention.slice((k - 1) * heads * h * w),
      }} frames={images} trace={trace} frame={frame} frameTrace={frameTrace} busy={status === 'running' || status === 'loading'} />
    </section>
  );
}

function ExportButtons({ run, clean, inside, size }: { run: AttackRun; clean: Classification; inside: number[]; size: number }) {
  const last = run.frames.images.at(-1);
  const png = (i: number, name: string) => {
    if (!last) return;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    canvas.getContext('2d')!.putImageData(imageData(last.adversarial[i], size), 0, 0);
    canvas.toBlob((blob) => blob && download(name, blob), 'image/png');
  };
  const json = () => download('saccade-attack.json', new Blob([JSON.stringify({
    settings: run.settings, models: run.models, cleanLogits: Array.from(clean.logits),
    steps: run.frames.trace.map((t, i) => ({
      step: t.step, target: t.target, stepMs: t.stepMs, attentionInsideRegion: inside[i],
      models: t.models.map((m) => ({ ...m, finalLogits: Array.from(m.finalLogits) })),
    })),
  }, null, 1)], { type: 'application/json' }));
  return (
    <div className="buttons">
      <button onClick={() => png(0, 'saccade-adversarial-s3ta.png')} disabled={!last}>Download adversarial PNG</button>
      {last?.adversarial[1] && <button onClick={() => png(1, 'saccade-adversarial-resnet.png')}>Download ResNet's PNG</button>}
      <button onClick={json} disabled={!last}>Download run JSON</button>
    </div>
  );
}

/** The film encoders (and the GIF library) load on first use, not with the page. */
const film = () => import('./export.ts');

/** The attack as a film (WebM, GIF) or the shown frame (PNG), composed with attention and probabilities. */
function FilmButtons({ scene, frames, trace, frame, frameTrace, busy }: {
  scene: FilmScene; frames: FrameImages[]; trace: StepTrace[]; frame?: FrameImages; frameTrace?: StepTrace; busy: boolean;
}) {
  const [working, setWorking] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [encoded, setEncoded] = useState(''); // " · frame 12 of 80", while a GIF encodes
  const unmount = useRef<AbortController | null>(null); // aborted when the view goes: a GIF still encoding stops, unsaved
  useEffect(() => {
    const controller = new AbortController();
    unmount.current = controller;
    return () => controller.abort();
  }, []);
  const save = (what: string, name: string, make: (signal?: AbortSignal) => Blob | Promise<Blob>) => async () => {
    const signal = unmount.current?.signal;
    setWorking(what);
    setEncoded('');
    setFailed(null);
    try {
      const blob = await make(signal);
      if (!signal?.aborted) download(name, blob);
    } catch (e) {
      if (!signal?.aborted) setFailed(`${what} export failed: ${(e as Error).message}`);
    } finally {
      setWorking(null);
    }
  };
  const shown = frame && frameTrace ? { frame, frameTrace } : null;
  const disabled = busy || working !== null || !shown;
  return (
    <div className="buttons">
      <button disabled={disabled} onClick={save('WebM', 'saccade-attack.webm', async () => (await film()).filmWebm(scene, frames, trace))}>Download WebM</button>
      <button disabled={disabled} onClick={save('GIF', 'saccade-attack.gif', async (signal) => (await film()).filmGif(scene, frames, trace,
        (done, total) => setEncoded(` · frame ${done + 1} of ${total}`), signal))}>Download GIF</button>
      {shown && <button disabled={disabled} onClick={save('PNG', `saccade-step-${shown.frame.step}.png`, async () => (await film()).framePng(scene, shown.frame, shown.frameTrace))}>Download frame PNG</button>}
      {working && <span className="hint" role="status" data-testid="film-working">encoding the {working}…{encoded}</span>}
      {failed && <span className="error" role="alert">{failed}</span>}
    </div>
  );
}
