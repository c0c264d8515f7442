// The check's settings: what both attacks share (steps, target, eps, seed), each attack's own, and what each
// run costs in model evaluations; Start, and progress through PGD then SPSA.
import { useState } from 'react';
import { ATTACK_SPECS, COMMON_PARAMS, type ParamSpec } from '../../engine/attack-specs.ts';
import type { ClassInfo } from '../../engine/manifest.ts';
import { budgetText, CHECK_ATTACKS } from '../../engine/masking.ts';
import { ParamField } from '../shared/ParamField.tsx';
import { RunProgress } from '../shared/RunProgress.tsx';
import { TargetField } from '../shared/TargetField.tsx';
import { useApp, type ResearchDrafts } from '../state/store.ts';
import { useCheck } from './use-check.ts';

interface Props {
  classes: ClassInfo[];
  source: number | null;
  canStart: boolean;
  onStart(): void;
}

export function CheckPanel({ classes, source, canStart, onStart }: Props) {
  const { run, status, error, cancel } = useCheck();
  const draft = useApp((s) => s.research.check);
  const setDraft = (change: Partial<ResearchDrafts['check']>) => useApp.getState().setResearch('check', change);
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const onError = (field: string, message: string | null) => setErrors((e) => ({ ...e, [field]: message }));
  const active = status === 'loading' || status === 'running';
  const invalid = Object.values(errors).some(Boolean);
  const done = run ? run.curves.pgd.length + run.curves.spsa.length : 0;
  const step = run?.curves[run.attack].at(-1)?.step ?? 0; // of the attack running
  return (
    <section className="panel attack-panel" aria-label="Masking check settings">
      <h2>Gradient-masking check</h2>
      <p className="hint">
        Targeted PGD and SPSA, which never sees a gradient, for the same number of steps on the same image and target.
        If SPSA finds an adversarial example that PGD missed, the gradients may be masked and PGD overstates the model's robustness
        (the paper's table 3).
      </p>
      <div className="form">
        <ParamField name="check-steps" spec={COMMON_PARAMS.steps} value={draft.steps} disabled={active} onChange={(steps) => setDraft({ steps: steps as number })} onError={onError} />
        <TargetField name="check-target" classes={classes} source={source} value={draft.target} disabled={active} onChange={(target) => setDraft({ target })} onError={onError} />
        <ParamField name="check-eps" spec={COMMON_PARAMS.eps} value={draft.eps} disabled={active} onChange={(eps) => setDraft({ eps: eps as number })} onError={onError} />
        {CHECK_ATTACKS.map((attack) => (
          <fieldset key={attack}>
            <legend>{ATTACK_SPECS[attack].label} ({ATTACK_SPECS[attack].description})</legend>
            {Object.entries(ATTACK_SPECS[attack].params as Record<string, ParamSpec>).map(([name, spec]) => (
              <ParamField key={name} name={`check-${attack}-${name}`} spec={spec} value={draft.params[attack][name]} disabled={active}
                onChange={(v) => setDraft({ params: { ...draft.params, [attack]: { ...draft.params[attack], [name]: v } } })} onError={onError} />
            ))}
            <p className="hint" data-testid={`${attack}-budget`}>{budgetText({ attack, steps: draft.steps, params: draft.params[attack] })}</p>
          </fieldset>
        ))}
        <ParamField name="check-seed" spec={COMMON_PARAMS.seed} value={draft.seed} disabled={active} onChange={(seed) => setDraft({ seed: seed as number })} onError={onError} />
      </div>
      {!active && (
        <div className="buttons">
          <button className="primary" onClick={onStart} disabled={!canStart || invalid} title={invalid ? 'fix the settings marked in red first' : undefined}>
            Run the check</button>
        </div>
      )}
      {run && (
        <RunProgress status={status} value={done} max={2 * run.settings.pgd.steps} onCancel={cancel}
          text={`${ATTACK_SPECS[run.attack].label} step ${step}/${run.settings[run.attack].steps}`} />
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
