import { useEffect, useState } from 'react';
import { PRESENTER_EVENTS } from '../presenter/use-presenter.ts';
import { ATTACK_NAMES, ATTACK_SPECS, COMMON_PARAMS, isSingleStep, type AttackSettings, type ParamSpec } from '../../engine/attack-specs.ts';
import type { ClassInfo } from '../../engine/manifest.ts';
import { ParamField } from '../shared/ParamField.tsx';
import { TargetField } from '../shared/TargetField.tsx';
import { rateText } from '../shared/step-clock.ts';
import { useApp } from '../state/store.ts';
import { attackActive, type AttackRun, type AttackStatus } from './use-attack.ts';

interface Props {
  classes: ClassInfo[];
  source: number | null; // the clean prediction: not a target
  baseline: string | null; // the baseline's label, when there is one to attack alongside
  canStart: boolean;
  run: AttackRun | null;
  status: AttackStatus;
  error: string | null;
  onStart(settings: Omit<AttackSettings, 'source' | 'k'>, withBaseline: boolean): void;
  onPause(paused: boolean): void;
  onCancel(): void;
}


/** Attack settings from the attack registry, start / pause / cancel, and progress. */
export function AttackPanel({ classes, source, baseline, canStart, run, status, error, onStart, onPause, onCancel }: Props) {
  const draft = useApp((s) => s.attack);
  const setAttack = useApp((s) => s.setAttack);
  const setAttackParams = useApp((s) => s.setAttackParams);
  const spec = ATTACK_SPECS[draft.attack];
  const params = draft.params[draft.attack];
  const active = attackActive(status);
  const last = run?.frames.trace.at(-1);
  const singleStep = isSingleStep(draft.attack);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const onError = (field: string, error: string | null) => setErrors(({ [field]: _, ...rest }) => (error ? { ...rest, [field]: error } : rest));
  const shownErrors = Object.keys(errors)
    .filter((field) => (field in COMMON_PARAMS && !(singleStep && field === 'steps')) || field.startsWith(`${draft.attack}.`)
      || (field === 'target' && draft.targeted));
  const start = () => onStart({
    attack: draft.attack, targeted: draft.targeted, target: draft.target, eps: draft.eps, steps: singleStep ? 1 : draft.steps,
    seed: draft.seed, frameEvery: draft.frameEvery, params,
  }, draft.withBaseline && baseline !== null);
  useEffect(() => {
    const onKey = () => {
      if (status === 'running' || status === 'paused') onPause(status === 'running');
      else if (canStart && shownErrors.length === 0 && status !== 'loading') start();
    };
    window.addEventListener(PRESENTER_EVENTS.attack, onKey);
    return () => window.removeEventListener(PRESENTER_EVENTS.attack, onKey);
  });
  const common = (name: keyof typeof COMMON_PARAMS) => (
    <ParamField name={name} spec={COMMON_PARAMS[name]} value={draft[name]} disabled={active} onChange={(v) => setAttack({ [name]: v })} onError={onError} />
  );

  return (
    <section className="panel attack-panel">
      <h2>Attack</h2>
      <div className="form">
        <label>Type
          <select value={draft.attack} onChange={(e) => setAttack({ attack: e.target.value as typeof draft.attack })} disabled={active} aria-label="Attack type">
            {ATTACK_NAMES.map((name) => <option key={name} value={name}>{ATTACK_SPECS[name].label} ({ATTACK_SPECS[name].description})</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={draft.targeted} onChange={(e) => setAttack({ targeted: e.target.checked })} disabled={active} /> Targeted</label>
        {draft.targeted && (
          <TargetField name="target" classes={classes} source={source} value={draft.target} disabled={active}
            onChange={(target) => setAttack({ target })} onError={onError} />
        )}
        {common('eps')}
        {!singleStep && common('steps')}
        {Object.entries(spec.params as Record<string, ParamSpec>).map(([name, paramSpec]) => (
          <ParamField key={`${draft.attack}-${name}`} name={`${draft.attack}.${name}`} spec={paramSpec} value={params[name]} disabled={active}
            onChange={(v) => setAttackParams(draft.attack, { ...params, [name]: v })} onError={onError} />
        ))}
        {common('seed')}
        {common('frameEvery')}
        {baseline && <label><input type="checkbox" checked={draft.withBaseline} onChange={(e) => setAttack({ withBaseline: e.target.checked })} disabled={active} /> Same attack on {baseline}</label>}
        <p className="hint">The shipped models were trained against targeted PGD at ε 16/255, so at that ε the attack often misses
          its target (each model card says how often): raise ε or the steps to see one succeed.</p>
      </div>
      <div className="buttons">
        {!active && <button className="primary" onClick={start} disabled={!canStart || shownErrors.length > 0}
          title={shownErrors.length ? 'fix the settings marked in red first' : undefined}>Start attack</button>}
        {active && <button onClick={() => onPause(status === 'running')} disabled={status === 'loading'}>{status === 'paused' ? 'Resume' : 'Pause'}</button>}
        {active && <button onClick={onCancel}>Cancel</button>}
      </div>
      {run && (
        <div className="progress" data-testid="attack-progress">
          <progress value={last?.step ?? 0} max={run.settings.steps} />
          <span>step <b data-testid="attack-step">{last?.step ?? 0}</b>/{run.settings.steps}
            {last && rateText(run.clock, last.step, run.settings.steps, status === 'running')}
            {' '}· <span data-testid="attack-status">{status}</span></span>
          {status === 'loading' && <span className="hint">loading the models in the attack worker (classifying goes on meanwhile)…</span>}
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
