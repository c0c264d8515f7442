// The strip: a column per step count (after the clean image), per model a row of adversarial images (S3TA's with
// its last-glance attention) and a row of perturbations amplified on one scale, with an export as one PNG.
import { Fragment, useMemo, useState } from 'react';
import { Choices } from '../shared/Choices.tsx';
import { download } from '../shared/download.ts';
import { headChoices } from '../shared/heatmap.ts';
import { LayeredCanvas } from '../shared/LayeredCanvas.tsx';
import { useApp } from '../state/store.ts';
import type { HeadChoice, LoadedImage } from '../state/types.ts';
import { PERTURBATION_LEGEND, stripPng, stripTitle } from './strip-export.ts';
import { columnTitles, stripTiles } from './strip-tiles.ts';
import type { RunStatus } from '../shared/RunProgress.tsx';
import type { StripRun } from './use-strip.ts';

interface Props {
  image: LoadedImage;
  run: StripRun;
  status: RunStatus;
  names: string[];
}

export function StripView({ image, run, status, names }: Props) {
  const [head, setHead] = useState<HeadChoice>('all');
  const [showAttention, setShowAttention] = useState(true);
  const [exportError, setExportError] = useState<string | null>(null);
  const colourMap = useApp((s) => s.colourMap);
  const rows = useMemo(() => stripTiles(run, { head, showAttention, colourMap, names, cleanPixels: image.pixels }),
    [run, head, showAttention, colourMap, names, image.pixels]);
  const columns = columnTitles(run);
  const S = image.pixels.width;
  const s3ta = run.models[0];
  const waiting = status === 'loading' || status === 'running' ? 'running…' : 'not reached';
  const save = () => {
    setExportError(null);
    stripPng(run, rows, columns, names)
      .then((blob) => download(`saccade-strip-${run.steps.join('-')}.png`, blob))
      .catch((e: Error) => setExportError(`PNG export failed: ${e.message}`));
  };
  return (
    <section className="panel strip-view" data-testid="strip-view">
      <h2>{stripTitle(run, names)}</h2>
      <div className="row">
        {s3ta.arch === 's3ta' && (
          <>
            <label><input type="checkbox" checked={showAttention} onChange={(e) => setShowAttention(e.target.checked)} /> S3TA's attention (last glance)</label>
            {showAttention && <Choices className="heads" label="Strip head" value={head} onChange={setHead} choices={headChoices(s3ta.attentionShape[0])} />}
          </>
        )}
        <button onClick={save} disabled={run.columns.length === 0}>Download strip PNG</button>
        {exportError && <span className="error" role="alert">{exportError}</span>}
      </div>
      <div className="strip" style={{ gridTemplateColumns: `9em repeat(${columns.length}, max-content)` }}>
        <span />
        {columns.map((title) => <span key={title} className="col-label">{title}</span>)}
        {rows.map((row) => (
          <Fragment key={row.label}>
            <span className="row-label">{row.label}</span>
            {row.tiles.map((tile, c) => (tile
              ? <LayeredCanvas key={tile.testId} image={tile.image} heatmap={tile.heatmap} size={S} label={tile.caption} testId={tile.testId} />
              : <div key={c} className="strip-empty">{c === 0 ? '' : waiting}</div>))}
          </Fragment>
        ))}
      </div>
      <p className="hint">{PERTURBATION_LEGEND}.</p>
    </section>
  );
}
