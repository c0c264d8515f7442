import { useEffect, useRef, useState } from 'react';
import type { Classification } from '../../engine/model.ts';
import { glanceLogits, topK } from '../../engine/predictions.ts';
import type { ModelInfo } from '../../worker/engine-worker.ts';
import type { LoadedImage } from '../App.tsx';
import { COLOUR_MAPS, drawAttention, glanceHeatmap, HEAD_COLOURS, type ColourMap } from '../heatmap.ts';

export type HeadChoice = number | 'all';

interface Props {
  image: LoadedImage;
  model: ModelInfo;
  result: Classification | null;
  glance: number;
  head: HeadChoice;
  onGlance(t: number): void;
  onHead(head: HeadChoice): void;
}

const VIEW_SIZE = 480;
const PLAY_MS = 700;

/** The image with the selected glance's attention over it, and the controls to step through glances and heads. */
export function GlanceViewer({ image, model, result, glance, head, onGlance, onHead }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [colourMap, setColourMap] = useState<ColourMap>('inferno');
  const [opacity, setOpacity] = useState(0.75);
  const [playing, setPlaying] = useState(false);
  const [showInput, setShowInput] = useState(false); // the model's low-resolution input instead of the original
  const [original, setOriginal] = useState<HTMLImageElement | null>(null);
  const k = result?.k ?? 0;
  const heads = model.attentionShape?.[0] ?? 0;
  const { pixels } = image;

  useEffect(() => {
    const img = new Image();
    img.onload = () => setOriginal(img);
    img.src = image.url;
    return () => setOriginal(null);
  }, [image.url]);

  useEffect(() => {
    if (!canvas.current) return;
    let heatmap: ImageData | null = null;
    if (result?.attention && model.attentionShape) {
      heatmap = glanceHeatmap(result.attention, model.attentionShape, Math.min(glance, k - 1), head, colourMap, opacity);
    }
    const base = original && !showInput ? { image: original, crop: image.prepared.crop } : pixels;
    drawAttention(canvas.current, base, heatmap);
  }, [pixels, original, showInput, image, result, model, glance, head, colourMap, opacity, k]);

  useEffect(() => {
    if (!playing || !k) return;
    const timer = setInterval(() => onGlance((glance + 1) % k), PLAY_MS);
    return () => clearInterval(timer);
  }, [playing, glance, k, onGlance]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!k || (e.target as HTMLElement).closest('input, select, textarea')) return;
      if (e.key === 'ArrowRight') onGlance(Math.min(k - 1, glance + 1));
      else if (e.key === 'ArrowLeft') onGlance(Math.max(0, glance - 1));
      else if (e.key === 'ArrowUp' && heads) onHead(head === 'all' ? 0 : head + 1 >= heads ? 'all' : head + 1);
      else if (e.key === 'ArrowDown' && heads) onHead(head === 'all' ? heads - 1 : head === 0 ? 'all' : head - 1);
      else if (e.key === ' ') setPlaying((p) => !p);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [k, glance, head, heads, onGlance, onHead]);

  const top = result ? topK(glanceLogits(result.logits, model.classes.length, Math.min(glance, k - 1)), model.classes, 1)[0] : null;
  return (
    <section className="panel viewer">
      <h2>
        {model.attentionShape ? <>Glance <output data-testid="glance-index">{Math.min(glance, k - 1) + 1}</output> of {k}</> : 'ResNet baseline (no attention)'}
        {top && <span className="verdict"> → {top.name} <b>{(100 * top.probability).toFixed(0)}%</b></span>}
      </h2>
      <canvas ref={canvas} width={VIEW_SIZE} height={VIEW_SIZE} className="main-view" data-testid="main-view"
        aria-label="image with attention overlay" />
      {model.attentionShape && (
        <div className="viewer-controls">
          <div className="row">
            <button onClick={() => setPlaying((p) => !p)} aria-label={playing ? 'Pause' : 'Play'} disabled={!k}>{playing ? '❚❚' : '▶'}</button>
            <input type="range" min={1} max={Math.max(1, k)} value={Math.min(glance, k - 1) + 1} aria-label="Glance"
              onChange={(e) => onGlance(Number(e.target.value) - 1)} disabled={!k} />
          </div>
          <div className="row heads" role="radiogroup" aria-label="Head">
            <span>Head</span>
            {Array.from({ length: heads }, (_, i) => (
              <button key={i} role="radio" aria-checked={head === i} className={head === i ? 'on' : ''} onClick={() => onHead(i)}
                style={{ borderColor: HEAD_COLOURS[i] }}>{i + 1}</button>
            ))}
            <button role="radio" aria-checked={head === 'all'} className={head === 'all' ? 'on' : ''} onClick={() => onHead('all')}>all</button>
          </div>
          <div className="row">
            <label>Colour map
              <select value={colourMap} onChange={(e) => setColourMap(e.target.value as ColourMap)} disabled={head === 'all'}>
                {Object.keys(COLOUR_MAPS).map((name) => <option key={name}>{name}</option>)}
              </select>
            </label>
            <label>Opacity
              <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => setOpacity(Number(e.target.value))} />
            </label>
            <label title="the pixels the model sees, instead of the original image">
              <input type="checkbox" checked={showInput} onChange={(e) => setShowInput(e.target.checked)} /> {model.inputSize} px input
            </label>
          </div>
          <p className="hint">← → glances · ↑ ↓ heads · space plays</p>
        </div>
      )}
    </section>
  );
}
