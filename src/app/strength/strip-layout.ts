// Where everything sits in the strip's PNG: tiles at an integer multiple of the model's input size (pixels stay
// crisp: the perturbations' fine structure is the point), a column per step count after the clean one, two rows
// per model (adversarial, perturbation). No DOM here: the e2e test checks the PNG's size against it.

const LAYOUT = { margin: 16, title: 58, header: 26, rowLabel: 160, caption: 24, gap: 10, footer: 26 };

/** The tile size for an S-pixel input: about 192 px, a whole multiple of S. */
export function tileSize(S: number): number {
  return S * Math.max(1, Math.round(192 / S));
}

export interface StripLayout {
  width: number;
  height: number;
  tile: number;
  left(column: number): number; // a tile's left edge
  top(row: number): number; // a tile's top edge; its caption sits below it
  headerY: number; // the column headers' baseline
  footerY: number; // the legend's baseline
  margin: number;
}

export function stripLayout(S: number, columns: number, rows: number): StripLayout {
  const { margin, title, header, rowLabel, caption, gap, footer } = LAYOUT;
  const tile = tileSize(S);
  const rowHeight = tile + caption + gap;
  const bodyTop = margin + title + header;
  return {
    width: 2 * margin + rowLabel + columns * (tile + gap) - gap,
    height: bodyTop + rows * rowHeight + footer + margin,
    tile,
    left: (column) => margin + rowLabel + column * (tile + gap),
    top: (row) => bodyTop + row * rowHeight,
    headerY: margin + title + header - 8,
    footerY: bodyTop + rows * rowHeight + footer - 8,
    margin,
  };
}
