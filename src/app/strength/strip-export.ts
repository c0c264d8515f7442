// The whole strip as one PNG: a title, the column titles, each row's label, and every tile with its caption.
import { drawAttention } from '../shared/heatmap.ts';
import { stripLayout } from './strip-layout.ts';
import type { TileRow } from './strip-tiles.ts';
import type { StripRun } from './use-strip.ts';

const COLOURS = { background: '#12131a', text: '#eceef6', muted: '#9aa0b8', empty: '#1b1d29' };

/** The strip's title: the attack, its step size and the target. */
export function stripTitle(run: StripRun, names: string[]): string {
  const in255ths = (v: number) => `${+(v * 255).toFixed(2)}/255`;
  const target = run.target === null ? '' : ` → ${names[run.target]}`;
  return `Targeted PGD, ε ${in255ths(run.settings.eps)}, step ${in255ths(Number(run.settings.params.stepSize))}, at ${run.steps.join(' / ')} steps${target}`;
}

export const PERTURBATION_LEGEND = 'perturbation shown as (adversarial − clean) / 2ε + ½, the same scale for every model: grey is unchanged';

/** Draws the strip on a new canvas and encodes it as PNG. */
export function stripPng(run: StripRun, rows: TileRow[], columns: string[], names: string[]): Promise<Blob> {
  const S = Math.sqrt(run.input.length / 3);
  const layout = stripLayout(S, columns.length, rows.length);
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = COLOURS.background;
  ctx.fillRect(0, 0, layout.width, layout.height);
  const text = (value: string, x: number, y: number, font: string, colour = COLOURS.text, maxWidth?: number) => {
    ctx.font = font;
    ctx.fillStyle = colour;
    ctx.fillText(value, x, y, maxWidth);
  };
  text(stripTitle(run, names), layout.margin, layout.margin + 22, 'bold 20px sans-serif');
  text(`${run.models.map((m) => m.label).join(' vs ')} — one run, read at each step count`, layout.margin, layout.margin + 46, '15px sans-serif', COLOURS.muted);
  columns.forEach((title, c) => text(title, layout.left(c), layout.headerY, 'bold 16px sans-serif'));
  const tile = document.createElement('canvas');
  tile.width = tile.height = S; // drawn at the model's resolution, then scaled without smoothing
  ctx.imageSmoothingEnabled = false;
  rows.forEach((row, r) => {
    const y = layout.top(r);
    text(row.label, layout.margin, y + layout.tile / 2, '14px sans-serif', COLOURS.muted, layout.left(0) - layout.margin - 8);
    row.tiles.forEach((cell, c) => {
      const x = layout.left(c);
      if (!cell) {
        ctx.fillStyle = COLOURS.empty;
        ctx.fillRect(x, y, layout.tile, layout.tile);
        return;
      }
      drawAttention(tile, cell.image, cell.heatmap);
      ctx.drawImage(tile, x, y, layout.tile, layout.tile);
      text(cell.caption, x, y + layout.tile + 17, '13px sans-serif', COLOURS.text, layout.tile);
    });
  });
  text(PERTURBATION_LEGEND, layout.margin, layout.footerY, '13px sans-serif', COLOURS.muted);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob failed'))), 'image/png'));
}
