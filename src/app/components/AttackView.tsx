import * as d3 from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { boxRegion, massInside, meanAttention, topMassRegion } from '../../engine/attention-metrics.ts';
import type { AttackFrame } from '../../engine/attack-run.ts';
import type { Classification } from '../../engine/model.ts';
import type { ModelInfo } from '../../worker/engine-worker.ts';
import type { LoadedImage } from '../App.tsx';
import { glanceHeatmap, HEAD_COLOURS, perturbationImage, rgbImage } from '../heatmap.ts';
import type { AttackRun, AttackStatus } from '../use-attack.ts';
import type { HeadChoice } from './GlanceViewer.tsx';
import { LayeredCanvas, type Box } from './LayeredCanvas.tsx';

interface Props {
  image: LoadedImage;
  model: ModelInfo; // S3TA
  clean: Classification; // S3TA on the clean image at the attack's k
  run: AttackRun;
  status: AttackStatus;
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
  const [heads, h, w] = model.attentionShape!;
  const k = clean.k;
  const frames = run.frames;
  const index = frameIndex ?? frames.length - 1;
  const frame: AttackFrame | undefined = frames[index];

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => setFrameIndex((i) => ((i ?? 0) + 1) % frames.length), 120);
    return () => clearInterval(timer);
  }, [playing, frames.length]);

  const region = useMemo(
    () => (box ? boxRegion(box, h, w) : topMassRegion(meanAttention(clean.attention!, k, heads), 0.5)),
    [box, clean, k, heads, h, w],
  );
  const inside = useMemo(() => frames.map((f) => massInside(f.models[0].attention!, k, heads, region)), [frames, k, heads, region]);
  const cleanInside = massInside(clean.attention!, k, heads, region);
  const eps = run.settings.eps;
  const regionProps = { cells: region, h, w };
  const names = model.classes.map((c) => c.name);

  return (
    <section className="panel attack-view" data-testid="attack-view">
      <h2>
        {run.settings.targeted ? 'Targeted' : 'Untargeted'} {run.settings.attack.toUpperCase()}, ε {Math.round(eps * 255)}/255
        {frame && <> — step <output data-testid="frame-step">{frame.step}</output>: S3TA says <b>{names[frame.models[0].prediction]}</b>
          {frame.target !== null && <> (target <b>{names[frame.target]}</b>)</>}</>}
      </h2>
      <div className="attack-images">
        <LayeredCanvas image={image.pixels} heatmap={glanceHeatmap(clean.attention!, model.attentionShape!, k - 1, head, 'inferno', 0.7)}
          region={regionProps} size={VIEW} label="clean + attention (drag to mark the object)" onBox={setBox} />
        {frame && (
          <>
            <LayeredCanvas image={rgbImage(frame.models[0].adversarial, S)} testId="adversarial-view"
              heatmap={glanceHeatmap(frame.models[0].attention!, model.attentionShape!, k - 1, head, 'inferno', 0.7)}
              region={regionProps} size={VIEW} label={`adversarial + attention, glance ${k}`} />
            <LayeredCanvas image={perturbationImage(frame.models[0].adversarial, image.prepared.input, eps, S)} size={SMALL}
              label="S3TA's perturbation (±ε → full range)" />
            {frame.models[1] && (
              <>
                <LayeredCanvas image={rgbImage(frame.models[1].adversarial, S)} size={SMALL}
                  label={`ResNet adversarial: ${names[frame.models[1].prediction]}`} />
                <LayeredCanvas image={perturbationImage(frame.models[1].adversarial, image.prepared.input, eps, S)} size={SMALL}
                  label="ResNet's perturbation" />
              </>
            )}
          </>
        )}
      </div>
      <div className="row">
        <button onClick={() => { setPlaying((p) => !p); setFrameIndex(frameIndex ?? 0); }} disabled={frames.length < 2 || status === 'running'}
          aria-label={playing ? 'Pause replay' : 'Replay'}>{playing ? '❚❚' : '▶'}</button>
        <input type="range" min={0} max={Math.max(0, frames.length - 1)} value={Math.max(0, index)} aria-label="Attack step"
          onChange={(e) => { setPlaying(false); setFrameIndex(Number(e.target.value)); }} />
        <span className="heads" role="radiogroup" aria-label="Attack head">
          {Array.from({ length: heads }, (_, i) => (
            <button key={i} role="radio" aria-checked={head === i} className={head === i ? 'on' : ''} style={{ borderColor: HEAD_COLOURS[i] }}
              onClick={() => setHead(i)}>{i + 1}</button>
          ))}
          <button role="radio" aria-checked={head === 'all'} className={head === 'all' ? 'on' : ''} onClick={() => setHead('all')}>all</button>
        </span>
        {box && <button onClick={() => setBox(null)}>Use clean attention as the region</button>}
      </div>
      <div className="attack-charts">
        <StepChart title="Probability at the last glance" frames={frames} cursor={frame?.step}
          series={[
            { label: 'S3TA source', colour: '#4cc9f0', values: frames.map((f) => f.models[0].sourceProbability) },
            ...(frames[0]?.target !== null ? [{ label: 'S3TA target', colour: '#f72585', values: frames.map((f) => f.models[0].targetProbability ?? 0) }] : []),
            ...(frames[0]?.models[1] ? [
              { label: 'ResNet source', colour: '#4cc9f0', dashed: true, values: frames.map((f) => f.models[1].sourceProbability) },
              ...(frames[0].target !== null ? [{ label: 'ResNet target', colour: '#f72585', dashed: true, values: frames.map((f) => f.models[1].targetProbability ?? 0) }] : []),
            ] : []),
          ]} />
        <StepChart title={`Attention inside the object region (clean: ${(100 * cleanInside).toFixed(0)}%)`} frames={frames} cursor={frame?.step}
          series={[{ label: 'S3TA, all glances and heads', colour: '#80ed99', values: inside }]} testId="pull-chart" />
      </div>
      <ExportButtons run={run} clean={clean} inside={inside} size={S} />
    </section>
  );
}

interface Series { label: string; colour: string; values: number[]; dashed?: boolean }

function StepChart({ title, frames, series, cursor, testId }: { title: string; frames: AttackFrame[]; series: Series[]; cursor?: number; testId?: string }) {
  const svg = useRef<SVGSVGElement>(null);
  const [W, H] = [440, 200];
  useEffect(() => {
    const root = d3.select(svg.current);
    root.selectAll('*').remove();
    if (!frames.length) return;
    const x = d3.scaleLinear().domain([0, frames.at(-1)!.steps]).range([40, W - 10]);
    const y = d3.scaleLinear().domain([0, 1]).range([H - 28, 10]);
    root.append('g').attr('transform', `translate(0,${H - 28})`).call(d3.axisBottom(x).ticks(6));
    root.append('g').attr('transform', 'translate(40,0)').call(d3.axisLeft(y).ticks(4, '%'));
    const line = d3.line<number>().x((_, i) => x(frames[i].step)).y((v) => y(v));
    series.forEach((s, i) => {
      root.append('path').datum(s.values).attr('fill', 'none').attr('stroke', s.colour).attr('stroke-width', 2.5)
        .attr('stroke-dasharray', s.dashed ? '6 4' : null).attr('d', line);
      root.append('text').attr('class', 'legend').attr('x', 50).attr('y', 22 + 14 * i).style('fill', s.colour).text(`${s.dashed ? '╌ ' : '— '}${s.label}`);
    });
    if (cursor !== undefined) root.append('line').attr('class', 'cursor').attr('x1', x(cursor)).attr('x2', x(cursor)).attr('y1', 10).attr('y2', H - 28);
  }, [frames, series, cursor, W, H]);
  return (
    <figure className="step-chart">
      <figcaption>{title}</figcaption>
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} data-testid={testId} />
    </figure>
  );
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function ExportButtons({ run, clean, inside, size }: { run: AttackRun; clean: Classification; inside: number[]; size: number }) {
  const last = run.frames.at(-1);
  const png = (i: number, name: string) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    canvas.getContext('2d')!.putImageData(rgbImage(last!.models[i].adversarial, size), 0, 0);
    canvas.toBlob((blob) => blob && download(name, blob), 'image/png');
  };
  const json = () => download('saccade-attack.json', new Blob([JSON.stringify({
    settings: run.settings, models: run.models, cleanLogits: Array.from(clean.logits),
    steps: run.frames.map((f, i) => ({
      step: f.step, target: f.target, stepMs: f.stepMs, attentionInsideRegion: inside[i],
      models: f.models.map((m) => ({ loss: m.loss, sourceProbability: m.sourceProbability, targetProbability: m.targetProbability, prediction: m.prediction, linf: m.linf, finalLogits: Array.from(m.logits.slice(-clean.logits.length / clean.k)) })),
    })),
  }, null, 1)], { type: 'application/json' }));
  return (
    <div className="buttons">
      <button onClick={() => png(0, 'saccade-adversarial-s3ta.png')} disabled={!last}>Download adversarial PNG</button>
      {last?.models[1] && <button onClick={() => png(1, 'saccade-adversarial-resnet.png')}>Download ResNet's PNG</button>}
      <button onClick={json} disabled={!last}>Download run JSON</button>
    </div>
  );
}
