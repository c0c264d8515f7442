import { useState } from 'react';
import { DEFAULT_ATTACK, type AttackSettings } from '../../engine/attack-run.ts';
import type { ClassInfo } from '../../engine/manifest.ts';
import type { AttackRun, AttackStatus } from '../use-attack.ts';

interface Props {
  classes: ClassInfo[];
  source: number | null; // the clean prediction
  k: number;
  hasBaseline: boolean;
  run: AttackRun | null;
  status: AttackStatus;
  error: string | null;
  onStart(settings: AttackSettings, withBaseline: boolean): void;
  onPause(paused: boolean): void;
  onCancel(): void;
}

/** Attack settings (type, target, eps, steps, step size), start / pause / cancel, and progress. */
export function AttackPanel({ classes, source, k, hasBaseline, run, status, error, onStart, onPause, onCancel }: Props) {
  const [attack, setAttack] = useState<'pgd' | 'spsa'>('pgd');
  const [targeted, setTargeted] = useState(true);
  const [target, setTarget] = useState<number | 'random'>('random');
  const [eps, setEps] = useState(16);
  const [steps, setSteps] = useState(40);
  const [stepSize, setStepSize] = useState(2);
  const [randomStart, setRandomStart] = useState(false);
  const [samples, setSamples] = useState(16);
  const [delta, setDelta] = useState(0.01);
  const [lr, setLr] = useState(0.01);
  const [frameEvery, setFrameEvery] = useState(1);
  const [withBaseline, setWithBaseline] = useState(hasBaseline);
  const active = status === 'running' || status === 'paused';
  const last = run?.frames.at(-1);
  const elapsed = run && last ? (performance.now() - run.startedAt) / 1000 : 0;
  const rate = last && elapsed > 0 ? last.step / elapsed : 0;

  const start = () => onStart({
    ...DEFAULT_ATTACK, attack, targeted, target, source: source!, eps: eps / 255, steps, stepSize: stepSize / 255,
    randomStart, samples, delta, lr, k, frameEvery, seed: Date.now() % 1e6,
  }, withBaseline && hasBaseline);

  return (
    <section className="panel attack-panel">
      <h2>Attack</h2>
      <div className="form">
        <label>Type
          <select value={attack} onChange={(e) => setAttack(e.target.value as 'pgd' | 'spsa')} disabled={active} aria-label="Attack type">
            <option value="pgd">PGD (gradient)</option>
            <option value="spsa">SPSA (gradient-free)</option>
          </select>
        </label>
        <label><input type="checkbox" checked={targeted} onChange={(e) => setTargeted(e.target.checked)} disabled={active} /> Targeted</label>
        {targeted && (
          <label>Target
            <select aria-label="Target class" value={String(target)} disabled={active}
              onChange={(e) => setTarget(e.target.value === 'random' ? 'random' : Number(e.target.value))}>
              <option value="random">random</option>
              {classes.map((c, i) => i !== source && <option key={c.id} value={i}>{c.name}</option>)}
            </select>
          </label>
        )}
        <label>ε /255 <input type="number" min={0} max={64} value={eps} onChange={(e) => setEps(Number(e.target.value))} disabled={active} aria-label="Epsilon in 255ths" /></label>
        <label>Steps <input type="number" min={1} max={1000} value={steps} onChange={(e) => setSteps(Number(e.target.value))} disabled={active} aria-label="Steps" /></label>
        {attack === 'pgd' ? (
          <>
            <label>Step /255 <input type="number" min={0.1} step={0.5} value={stepSize} onChange={(e) => setStepSize(Number(e.target.value))} disabled={active} aria-label="Step size in 255ths" /></label>
            <label><input type="checkbox" checked={randomStart} onChange={(e) => setRandomStart(e.target.checked)} disabled={active} /> Random start</label>
          </>
        ) : (
          <>
            <label>Samples <input type="number" min={1} max={128} value={samples} onChange={(e) => setSamples(Number(e.target.value))} disabled={active} aria-label="SPSA samples" /></label>
            <label>δ <input type="number" min={0.001} step={0.005} value={delta} onChange={(e) => setDelta(Number(e.target.value))} disabled={active} aria-label="SPSA delta" /></label>
            <label>Learning rate <input type="number" min={0.001} step={0.005} value={lr} onChange={(e) => setLr(Number(e.target.value))} disabled={active} aria-label="SPSA learning rate" /></label>
          </>
        )}
        <label>Frame every <input type="number" min={1} max={100} value={frameEvery} onChange={(e) => setFrameEvery(Number(e.target.value))} disabled={active} aria-label="Frame every n steps" /></label>
        {hasBaseline && <label><input type="checkbox" checked={withBaseline} onChange={(e) => setWithBaseline(e.target.checked)} disabled={active} /> Same attack on the ResNet baseline</label>}
      </div>
      <div className="buttons">
        {!active && <button className="primary" onClick={start} disabled={source === null}>Start attack</button>}
        {active && <button onClick={() => onPause(status === 'running')}>{status === 'running' ? 'Pause' : 'Resume'}</button>}
        {active && <button onClick={onCancel}>Cancel</button>}
      </div>
      {run && (
        <div className="progress" data-testid="attack-progress">
          <progress value={last?.step ?? 0} max={run.settings.steps} />
          <span>step <b data-testid="attack-step">{last?.step ?? 0}</b>/{run.settings.steps}
            {rate > 0 && <> · {rate.toFixed(1)} steps/s · ETA {status === 'running' ? `${Math.ceil((run.settings.steps - last!.step) / rate)} s` : '—'}</>}
            {' '}· <span data-testid="attack-status">{status}</span></span>
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
