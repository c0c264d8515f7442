import { useEffect, useRef, useState } from 'react';
import { drawAttention, outlineRegion } from './heatmap.ts';

import type { Box } from '../../engine/attention-metrics.ts';

interface Props {
  image: ImageData;
  heatmap?: ImageData | null;
  region?: { cells: Uint8Array; h: number; w: number } | null;
  size: number;
  label: string;
  testId?: string;
  /** When given, dragging on the canvas draws a box and reports it. */
  onBox?(box: Box): void;
}

/** An image with an optional attention heatmap and region outline over it, scaled to `size` pixels. */
export function LayeredCanvas({ image, heatmap, region, size, label, testId, onBox }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<Box | null>(null);

  useEffect(() => {
    drawAttention(canvas.current!, image, heatmap ?? null);
    if (region) outlineRegion(canvas.current!, region.cells, region.h, region.w);
    if (drag) {
      const ctx = canvas.current!.getContext('2d')!;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeRect(drag.x0 * size, drag.y0 * size, (drag.x1 - drag.x0) * size, (drag.y1 - drag.y0) * size);
    }
  }, [image, heatmap, region, drag, size]);

  const point = (e: React.PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return [(e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height];
  };
  const handlers = onBox && {
    onPointerDown: (e: React.PointerEvent) => { const [x, y] = point(e); setDrag({ x0: x, y0: y, x1: x, y1: y }); },
    onPointerMove: (e: React.PointerEvent) => { if (drag) { const [x, y] = point(e); setDrag({ ...drag, x1: x, y1: y }); } },
    onPointerUp: () => {
      if (drag && Math.abs(drag.x1 - drag.x0) > 0.02 && Math.abs(drag.y1 - drag.y0) > 0.02) onBox(drag);
      setDrag(null);
    },
  };
  return (
    <figure className="layered">
      <canvas ref={canvas} width={size} height={size} aria-label={label} data-testid={testId}
        className={onBox ? 'drawable' : ''} {...handlers} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
