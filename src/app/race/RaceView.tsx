// The computational race (figs. 3 and 5): targeted PGD at 10, 50, 100, 250 steps on every model that takes this
// input, each S3TA at the k it was trained for; top-1 and target hit against steps, over eval.json's curves.
import { useEffect, useState } from 'react';
import { predictedClass } from '../../engine/predictions.ts';
import { parseRaceSteps, RACE_NUMBERS as NUMBERS, type RaceSettings } from '../../engine/race.ts';
import { referenceCurve, tallyRace, type ReferencePoint } from '../../engine/race-summary.ts';
import type { Rate } from '../../engine/manifest.ts';
import { Choices } from '../shared/Choices.tsx';
import { loadSamples } from '../shared/Gallery.tsx';
import { HEAD_COLOURS } from '../shared/heatmap.ts';
import { ImagePanel } from '../shared/ImagePanel.tsx';
import { LineChart, type Series } from '../shared/LineChart.tsx';
import { ParamField } from '../shared/ParamField.tsx';
import { StepsField } from '../shared/StepsField.tsx';
import { RACE_SCOPES, useApp, type ResearchDrafts } from '../state/store.ts';
import type { Sample, ViewProps } from '../state/types.ts';
import { useRace, type RacedModel, type RaceImage, type RaceRun } from './use-race.ts';


export function RaceView({ model, models, classification, imageInput }: ViewProps) {
  const image = useApp((s) => s.image);
  const { run, status, error, start, cancel } = useRace();
  const draft = useApp((s) => s.research.race);
  const setDraft = (change: Partial<ResearchDrafts['race']>) => useApp.getState().setResearch('race', change);
  const [invalid, setInvalid] = useState<Record<string, string | null>>({});
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => { loadSamples().then((i) => setSamples(i.samples)).catch(() => setSamples([])); }, []);
  const { scope } = draft;
  const { result } = classification;
  const running = status === 'running';
  const source = image?.sample && model ? model.classes.findIndex((c) => c.id === image.sample!.wnid)
    : model && result ? predictedClass(result.logits, model.classes.length, result.k) : -1;
  const images: RaceImage[] = scope === 'gallery' ? samples.map((sample) => ({ sample }))
    : image && source >= 0 ? [{ input: image.prepared.input, source, name: image.name }] : [];
  const canStart = model !== null && images.length > 0 && !running && !classification.running && Object.values(invalid).every((e) => !e);
  const shown = run && run.results.length > 0 && run.reference === model?.name && (run.input === null || run.input === image?.prepared.input) ? run : null;
  const settings = (): RaceSettings => ({ steps: draft.steps, eps: draft.eps, stepSize: draft.stepSize, seed: draft.seed, randomStart: true });
  return (
    <main className="panels research-mode">
      <div className="side">
        <section className="panel" aria-label="Race settings">
          <h2>Computational race</h2>
          <p className="hint">Targeted PGD toward one seeded random target, read after each step count, on every model that takes this
            input: each S3TA at the k it was trained for (the paper's figs. 3 and 5).</p>
          <Choices label="Images" caption="Images" value={scope} onChange={(value) => setDraft({ scope: value })} className="segmented"
            choices={RACE_SCOPES.map((value) => ({ value, label: value === 'image' ? 'This image' : `The ${samples.length} samples`, disabled: running }))} />
          <div className="settings">
            <StepsField name="race-steps" label="Steps" ariaLabel="Race steps" parse={parseRaceSteps} value={draft.steps} disabled={running}
              onChange={(steps) => setDraft({ steps })} onError={(n, e) => setInvalid((s) => ({ ...s, [n]: e }))} />
            {(Object.keys(NUMBERS) as (keyof typeof NUMBERS)[]).map((name) => (
              <ParamField key={name} name={`race-${name}`} spec={NUMBERS[name]} value={draft[name]} disabled={running}
                onChange={(v) => setDraft({ [name]: v as number })} onError={(n, e) => setInvalid((s) => ({ ...s, [n]: e }))} />
            ))}
          </div>
          <div className="buttons">
            <button className="on" disabled={!canStart} onClick={() => model && start(model, models, images, settings())}>Start race</button>
            {running && <button onClick={cancel}>Cancel</button>}
          </div>
          {run && running && <RaceProgress run={run} />}
          {status === 'cancelled' && <p className="hint">Cancelled{run?.results.length ? `: ${run.results.length} of ${run.images} images done` : ''}.</p>}
          {error && <p className="error" role="alert">{error}</p>}
          {run?.skipped.map((s) => <p key={s} className="hint">Not raced: {s}.</p>)}
        </section>
        <ImagePanel disabled={!model} onImage={imageInput.openImage} error={imageInput.error ?? classification.error} running={classification.running} />
      </div>
      {shown
        ? <RaceResults run={shown} />
        : <section className="panel viewer placeholder"><p>{image || scope === 'gallery' ? 'Start the race: which model holds out longer?' : 'Load an image, or race the sample gallery.'}</p></section>}
    </main>
  );
}

function RaceProgress({ run }: { run: RaceRun }) {
  const last = run.settings.steps[run.settings.steps.length - 1];
  const perImage = run.models.length * last;
  const done = run.results.length * perImage + run.progress.model * last + run.progress.step;
  return (
    <div className="progress" data-testid="race-progress">
      <progress value={done} max={run.images * perImage || 1} />
      image {Math.min(run.results.length + 1, run.images)} of {run.images} · {run.models[run.progress.model]?.label ?? '…'} · step {run.progress.step} of {last}
    </div>
  );
}

const percent = (v: number) => `${Math.round(100 * v)}%`;
/** This run's lines, first model widest: on one image models often tie, and tied lines then nest instead of hiding. */
const LINE_WIDTHS = [6, 3.5, 1.5];
const interval = (r: Rate) => `${percent(r.value)} [${percent(r.ci95[0])}–${percent(r.ci95[1])}], n = ${r.n}`;

/** eval.json's curve for the raced model: its results at the k it was raced at, or the baseline's. */
function reference(m: RacedModel, eps: number): ReferencePoint[] {
  return referenceCurve(m.info.evaluation, m.k === null ? 'resnet' : `k${m.k}`, eps);
}

function RaceResults({ run }: { run: RaceRun }) {
  const tallies = run.models.map((_, i) => tallyRace(run.results, i));
  const xs = tallies[0].map((t) => t.step);
  const references = run.models.map((m) => reference(m, run.settings.eps));
  const last = Math.max(xs[xs.length - 1], ...references.flat().map((p) => p.steps)); // eval.json's lines drawn whole
  const series = (pick: 'top1' | 'hit'): Series[] => run.models.flatMap((m, i) => {
    const colour = HEAD_COLOURS[i % HEAD_COLOURS.length];
    const ref = references[i].filter((p) => pick === 'top1' || p.success);
    return [
      { label: `${m.label}${m.k ? ` (k = ${m.k})` : ''}`, colour, values: tallies[i].map((t) => t[pick]), width: LINE_WIDTHS[i] ?? 1.5 },
      ...(ref.length ? [{ label: `${m.label}: eval.json`, colour, dashed: true, xs: ref.map((p) => p.steps),
        values: ref.map((p) => (pick === 'top1' ? p.top1.value : p.success!.value)) }] : []),
    ];
  });
  const n = run.results.length;
  return (
    <section className="panel viewer race" data-testid="race-result">
      <h2>Race over {n} image{n === 1 ? '' : 's'} <small>· targeted PGD, ε {+(run.settings.eps * 255).toFixed(2)}/255, step {+(run.settings.stepSize * 255).toFixed(2)}/255, seed {run.settings.seed}</small></h2>
      <div className="attack-charts">
        <div className="step-chart"><figcaption>Top-1: still the source class</figcaption>
          <LineChart xs={xs} xDomain={[0, last]} xScale="symlog" series={series('top1')} xLabel="attack steps" ariaLabel="Top-1 against attack steps" testId="race-top1" /></div>
        <div className="step-chart"><figcaption>Target hit: the attack's target predicted</figcaption>
          <LineChart xs={xs} xDomain={[0, last]} xScale="symlog" series={series('hit')} xLabel="attack steps" ariaLabel="Target hit against attack steps" testId="race-hit" /></div>
      </div>
      <div className="table-scroll"><table className="race-table" data-testid="race-table">
        <thead><tr><th>Model</th><th>Steps</th><th>Top-1 (this run)</th><th>Target hit (this run)</th><th>eval.json top-1 [95% CI]</th><th>eval.json success</th></tr></thead>
        <tbody>
          {run.models.flatMap((m, i) => {
            const steps = [...new Set([...xs, ...references[i].map((p) => p.steps)])].sort((a, b) => a - b);
            return steps.map((step) => {
              const t = tallies[i].find((x) => x.step === step);
              const ref = references[i].find((p) => p.steps === step);
              return (
                <tr key={`${m.name}-${step}`}>
                  <td>{m.label}{m.k ? ` (k = ${m.k})` : ''}</td><td>{step || 'clean'}</td>
                  <td>{t ? percent(t.top1) : '—'}</td><td>{t && step ? percent(t.hit) : '—'}</td>
                  <td>{ref ? interval(ref.top1) : '—'}</td><td>{ref?.success ? interval(ref.success) : '—'}</td>
                </tr>
              );
            });
          })}
        </tbody>
      </table></div>
      <p className="hint" data-testid="race-reference-note">{references.some((r) => r.length)
        ? <>Dashed: the same attack in the model's eval.json (training/evaluate.py, many val images; its step size may differ:
          PGD-100 and PGD-250 there use 1/255).</>
        : <>No dashed lines: the models' eval.json has no targeted PGD at ε {+(run.settings.eps * 255).toFixed(2)}/255 to compare with.</>}
        {' '}This run: {n} image{n === 1 ? '' : 's'}, so each point is {n === 1 ? 'one outcome' : `a fraction of ${n}`}; where models tie
        their lines nest, the first model's widest.</p>
    </section>
  );
}
