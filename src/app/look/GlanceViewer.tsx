import { useEffect, useRef, useState } from 'react';
import { glanceLogits, topK } from '../../engine/predictions.ts';
import type { Classification, ModelInfo } from '../../worker/protocol.ts';
import { Choices } from '../shared/Choices.tsx';
import { colourScale, drawAttention, glanceHeatmap, headChoices } from '../shared/heatmap.ts';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import { COLOUR_MAPS, type ColourMap, type HeadChoice, type LoadedImage } from '../state/types.ts';

interface Props {
  image: LoadedImage;
  model: ModelInfo;
  result: Classification | null;
}

const VIEW_SIZE = 480;
const PLAY_MS = 700;

/** The next head choice up (+1) or down (-1) the cycle 1, 2, ..., heads, all. */
function stepHead(head: HeadChoice, heads: number, by: 1 | -1): HeadChoice {
  const order: HeadChoice[] = [...Array.from({ length: heads }, (_, i) => i), 'all'];
  return order[(order.indexOf(head) + by + order.length) % order.length];
}

/** The image with the selected glance's attention over it, and the controls to step through glances and heads. */
export function GlanceViewer({ image, model, result }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { glance: chosen, head: chosenHead, colourMap, opacity, showInput, set } = useApp(useShallow((s) => ({
    glance: s.glance, head: s.head, colourMap: s.colourMap, opacity: s.opacity, showInput: s.showInput, set: s.set,
  })));
  const [playing, setPlaying] = useState(false);
  const [original, setOriginal] = useState<HTMLImageElement | null>(null);
  const k = result?.k ?? 0;
  const glance = Math.min(chosen, k - 1);
  const heads = model.arch === 's3ta' ? model.attentionShape[0] : 0;
  const head: HeadChoice = chosenHead === 'all' || chosenHead < heads ? chosenHead : 'all'; // a link may name a head this model lacks
  const { pixels } = image;

  useEffect(() => {
    const img = new Image();
    img.onload = () => setOriginal(img);
    img.src = image.url;
    return () => setOriginal(null);
  }, [image.url]);

  useEffect(() => {
    if (!canvas.current) return;
    const heatmap = result?.arch === 's3ta' && model.arch === 's3ta'
      ? glanceHeatmap(result.attention, model.attentionShape, glance, head, colourMap, opacity) : null;
    const base = original && !showInput ? { image: original, crop: image.prepared.crop } : pixels;
    drawAttention(canvas.current, base, heatmap);
  }, [pixels, original, showInput, image, result, model, glance, head, colourMap, opacity]);

  useEffect(() => {
    if (!playing || !k) return;
    const timer = setInterval(() => set({ glance: (glance + 1) % k }), PLAY_MS);
    return () => clearInterval(timer);
  }, [playing, glance, k, set]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (!k || target.closest('input, select, textarea, [role=dialog]')) return;
      if (e.key === ' ' && target.closest('button, a, [role=radio], [role=tab]')) return; // Space presses the focused control
      if (e.key === 'ArrowRight') set({ glance: Math.min(k - 1, glance + 1) });
      else if (e.key === 'ArrowLeft') set({ glance: Math.max(0, glance - 1) });
      else if (e.key === 'ArrowUp' && heads) set({ head: stepHead(head, heads, 1) });
      else if (e.key === 'ArrowDown' && heads) set({ head: stepHead(head, heads, -1) });
      else if (e.key === ' ') setPlaying((p) => !p);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [k, glance, head, heads, set]);

  const top = result ? topK(glanceLogits(result.logits, model.classes.length, glance), model.classes, 1)[0] : null;
  return (
    <section className="panel viewer">
      <h2>
        {model.arch === 'resnet' ? 'ResNet baseline (no attention)'
          : k ? <>Glance <output data-testid="glance-index">{glance + 1}</output> of {k}</> : 'Classifying…'}
        {top && <span className="verdict"> → {top.name} <b>{(100 * top.probability).toFixed(0)}%</b></span>}
      </h2>
      <canvas ref={canvas} width={VIEW_SIZE} height={VIEW_SIZE} className="main-view" data-testid="main-view"
        aria-label="image with attention overlay" />
      {model.arch === 's3ta' && (
        <div className="viewer-controls">
          <div className="row">
            <button onClick={() => setPlaying((p) => !p)} aria-label={playing ? 'Pause' : 'Play'} disabled={!k}>{playing ? '❚❚' : '▶'}</button>
            <input type="range" min={1} max={Math.max(1, k)} value={glance + 1} aria-label="Glance"
              onChange={(e) => set({ glance: Number(e.target.value) - 1 })} disabled={!k} />
          </div>
          <Choices className="row heads" label="Head" caption="Head" value={head} onChange={(h) => set({ head: h })} choices={headChoices(heads)} />
          <div className="row">
            <label>Colour map
              <select value={colourMap} onChange={(e) => set({ colourMap: e.target.value as ColourMap })} disabled={head === 'all'}>
                {COLOUR_MAPS.map((name) => <option key={name}>{name}</option>)}
              </select>
            </label>
            <label>Opacity
              <input type="range" min={0} max={1} step={0.05} value={opacity} onChange={(e) => set({ opacity: Number(e.target.value) })} />
            </label>
            <label title="the pixels the model sees, instead of the original image">
              <input type="checkbox" checked={showInput} onChange={(e) => set({ showInput: e.target.checked })} /> {model.inputSize} px input
            </label>
          </div>
          <div className="row colour-legend" data-testid="colour-legend" aria-label="Colour scale">
            {head === 'all'
              ? headChoices(heads).filter((c) => c.value !== 'all').map((c) => <span key={String(c.value)} className="chip" style={{ background: c.style?.borderColor }}>head {c.label}</span>)
              : <><span>low</span><span className="scale" style={{ background: colourScale(colourMap) }} /><span>high attention (scaled to the map's peak)</span></>}
            {head === 'all' && <span>each location in its strongest head's colour</span>}
          </div>
          <p className="hint">← → glances · ↑ ↓ heads · space plays</p>
        </div>
      )}
    </section>
  );
}
