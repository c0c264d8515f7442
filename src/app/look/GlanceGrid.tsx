import { useEffect, useRef } from 'react';
import type { Classification, ModelInfo } from '../../worker/protocol.ts';
import { attentionMap, drawAttention, headHeatmap } from '../shared/heatmap.ts';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../state/store.ts';
import type { LoadedImage } from '../state/types.ts';

interface Props {
  image: LoadedImage;
  model: Extract<ModelInfo, { arch: 's3ta' }>;
  result: Extract<Classification, { arch: 's3ta' }>;
}

const CELL = 72;

function Cell({ pixels, map, h, w, selected, label, onClick }: {
  pixels: ImageData; map: Float32Array; h: number; w: number; selected: boolean; label: string; onClick(): void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    drawAttention(canvas.current!, pixels, headHeatmap(map, h, w, 'inferno', 0.85));
  }, [pixels, map, h, w]);
  return <canvas ref={canvas} width={CELL} height={CELL} className={selected ? 'selected' : ''} onClick={onClick}
    aria-label={label} data-testid="attention-cell" />;
}

/** k x heads small multiples: every glance's every head at a glance. */
export function GlanceGrid({ image, model, result }: Props) {
  const { glance, head, set } = useApp(useShallow((s) => ({ glance: s.glance, head: s.head, set: s.set })));
  const [heads, h, w] = model.attentionShape;
  const { pixels } = image;
  return (
    <section className="panel grid-panel">
      <h2>All glances × heads</h2>
      <div className="grid" style={{ gridTemplateColumns: `auto repeat(${result.k}, ${CELL}px)` }} data-testid="attention-grid">
        <span />
        {Array.from({ length: result.k }, (_, t) => <span key={t} className={`col-label ${t === glance ? 'on' : ''}`}>{t + 1}</span>)}
        {Array.from({ length: heads }, (_, i) => [
          <span key={`h${i}`} className="row-label">head {i + 1}</span>,
          ...Array.from({ length: result.k }, (_, t) => (
            <Cell key={`${t}-${i}`} pixels={pixels} map={attentionMap(result.attention, model.attentionShape, t, i)} h={h} w={w}
              selected={t === glance && (head === i || head === 'all')} label={`glance ${t + 1}, head ${i + 1}`}
              onClick={() => set({ glance: t, head: i })} />
          )),
        ])}
      </div>
    </section>
  );
}
