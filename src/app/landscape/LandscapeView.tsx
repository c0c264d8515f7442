// Loss landscape (section 5.3, fig. 6): the loss around the current image along sign(grad) and a random direction,
// as a heatmap with contours, a slice along each axis, and how well a plane fits it.
import { useState } from 'react';
import { LANDSCAPE_SETTINGS as SETTINGS } from '../../engine/landscape.ts';
import { predictedClass } from '../../engine/predictions.ts';
import type { Landscape, ModelInfo } from '../../worker/protocol.ts';
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { LineChart } from '../shared/LineChart.tsx';
import { ParamField } from '../shared/ParamField.tsx';
import { useApp } from '../state/store.ts';
import type { ViewProps } from '../state/types.ts';
import { LandscapePlot } from './LandscapePlot.tsx';
import { useLandscape } from './use-landscape.ts';

export function LandscapeView({ model, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const { run, status, error, start, cancel } = useLandscape();
  const draft = useApp((s) => s.research.landscape);
  const [invalid, setInvalid] = useState<Record<string, string | null>>({});
  const [chosen, setChosen] = useState<{ model: string; label: number } | null>(null); // a class of this model only
  const { result } = classification;
  const prediction = model && result ? predictedClass(result.logits, model.classes.length, result.k) : null;
  const label = chosen && chosen.model === model?.name ? chosen.label : prediction;
  const running = status === 'running';
  const canStart = model !== null && image !== null && result !== null && !classification.running && label !== null && !running
    && draft.grid % 2 === 1 && Object.values(invalid).every((e) => !e);
  const shown = run?.result && image && run.input === image.prepared.input && run.model === model?.name ? run.result : null;
  return (
    <main className="panels research-mode">
      <div className="side">
        <section className="panel" aria-label="Landscape settings">
          <h2>Loss landscape</h2>
          <p className="hint">The loss over x + a·sign(∇) + b·r for a, b in [−ε, ε], r a seeded random ±1 direction (the paper's fig. 6).</p>
          <div className="settings">
            {(Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]).map((name) => (
              <ParamField key={name} name={`landscape-${name}`} spec={SETTINGS[name]} value={draft[name]} disabled={running}
                onChange={(v) => useApp.getState().setResearch('landscape', { [name]: v as number })} onError={(n, e) => setInvalid((s) => ({ ...s, [n]: e }))} />
            ))}
            <label>Class
              <select aria-label="Class" value={label ?? ''} disabled={running || !model} onChange={(e) => model && setChosen({ model: model.name, label: Number(e.target.value) })}>
                {model?.classes.map((c, i) => <option key={c.id} value={i}>{c.name}{i === prediction ? ' (prediction)' : ''}</option>)}
              </select>
            </label>
          </div>
          <div className="buttons">
            <button className="on" disabled={!canStart} onClick={() => model && image && label !== null && start(model.name, image.prepared.input,
              { ...draft, label, k: model.arch === 's3ta' && result ? result.k : undefined })}>Compute landscape</button>
            {running && <button onClick={cancel}>Cancel</button>}
          </div>
          {run && running && (
            <div className="progress" data-testid="landscape-progress">
              <progress value={run.rowsDone} max={run.settings.grid} /> {run.rowsDone} of {run.settings.grid} rows · {run.settings.grid ** 2} forward passes
            </div>
          )}
          {status === 'cancelled' && <p className="hint">Cancelled.</p>}
          {draft.grid % 2 === 0 && <p className="field-error" role="alert">The grid must be odd, so that the clean image is its centre.</p>}
          {error && <p className="error" role="alert">{error}</p>}
        </section>
        <ImagePanel disabled={!model} onImage={imageInput.openImage} error={imageInput.error ?? classification.error} running={classification.running} />
      </div>
      {shown && model
        ? <LandscapeResult landscape={shown} model={model} />
        : <section className="panel viewer placeholder"><p>{image ? 'Compute the landscape around this image.' : 'Load an image first.'}</p></section>}
    </main>
  );
}

/** The loss along each axis through the clean image (the grid's middle row and column). */
function slices({ loss, grid }: Landscape) {
  const mid = Math.floor(grid / 2);
  const alongA = Array.from({ length: grid }, (_, i) => loss[i * grid + mid]);
  const alongB = Array.from({ length: grid }, (_, j) => loss[mid * grid + j]);
  return { alongA, alongB };
}

function linearityText(r2: number): string {
  return r2 >= 0.9
    ? 'close to a plane: the gradient points the way, so gradient attacks are not being fooled (no sign of gradient masking)'
    : r2 >= 0.6 ? 'curved, but a plane still explains most of it'
      : 'far from a plane: a rugged landscape can make gradients misleading — check with SPSA';
}

function LandscapeResult({ landscape, model }: { landscape: Landscape; model: ModelInfo }) {
  const { alongA, alongB } = slices(landscape);
  const xs = landscape.offsets.map((v) => v * 255);
  const low = Math.min(...landscape.loss), high = Math.max(...landscape.loss);
  const pad = (high - low) * 0.05 || 0.01;
  return (
    <section className="panel viewer landscape" data-testid="landscape-result">
      <h2>Loss of “{model.classes[landscape.label].name}” around the image
        <small> · {model.label}{landscape.k ? ` · k = ${landscape.k}` : ''} · ε {+(landscape.eps * 255).toFixed(2)}/255 · seed {landscape.seed}</small></h2>
      <div className="landscape-figures">
        <LandscapePlot landscape={landscape} />
        <div className="landscape-side">
          <p className="r2" data-testid="landscape-r2"><b>R² = {landscape.r2.toFixed(3)}</b> of a plane fit: {linearityText(landscape.r2)}.</p>
          <LineChart xs={xs} xDomain={[xs[0], xs[xs.length - 1]]} yDomain={[low - pad, high + pad]} yFormat=".2f" xLabel="offset, /255"
            ariaLabel="Loss along each axis through the clean image" testId="landscape-slices"
            series={[{ label: 'along sign(∇) (b = 0)', colour: '#f6a821', values: alongA }, { label: 'along the random direction (a = 0)', colour: '#4cc9f0', values: alongB }]} />
        </div>
      </div>
    </section>
  );
}
