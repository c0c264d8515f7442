// The strip's settings (step counts, target, eps, PGD's step size and random start, seed), Start, and progress.
import { useState } from 'react';
import { ATTACK_SPECS, COMMON_PARAMS } from '../../engine/attack-specs.ts';
import type { ClassInfo } from '../../engine/manifest.ts';
import { parseStripSteps } from '../../engine/strip.ts';
import { ParamField } from '../shared/ParamField.tsx';
import { RunProgress } from '../shared/RunProgress.tsx';
import { rateText } from '../shared/step-clock.ts';
import { StepsField } from '../shared/StepsField.tsx';
import { TargetField } from '../shared/TargetField.tsx';
import { useApp, type ResearchDrafts } from '../state/store.ts';
import { useStrip } from './use-strip.ts';

interface Props {
  classes: ClassInfo[];
  source: number | null;
  baseline: string | null; // the baseline's label, when there is one
  canStart: boolean;
  onStart(): void;
}

export function StripPanel({ classes, source, baseline, canStart, onStart }: Props) {
  const { run, status, error, cancel } = useStrip();
  const draft = useApp((s) => s.research.strip);
  const setDraft = (change: Partial<ResearchDrafts['strip']>) => useApp.getState().setResearch('strip', change);
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const onError = (field: string, message: string | null) => setErrors((e) => ({ ...e, [field]: message }));
  const active = status === 'loading' || status === 'running';
  const invalid = Object.values(errors).some(Boolean);
  const pgd = ATTACK_SPECS.pgd.params;
  const total = run?.settings.steps ?? 0;
  return (
    <section className="panel attack-panel" aria-label="Strength strip settings">
      <h2>Attack strength strip</h2>
      <p className="hint">
        Targeted PGD on {baseline ? `S3TA and ${baseline}` : 'S3TA'}, same image and target, read at each step count: one run to the
        largest, since PGD's steps are one trajectory (step 10 of it is PGD-10). The paper's fig. 8: S3TA's perturbations
        should show global, coherent structure, the ResNet's local noise.
      </p>
      <div className="form">
        <StepsField name="strip-steps" label="Step counts" ariaLabel="Step counts" parse={parseStripSteps} value={draft.steps} disabled={active}
          onChange={(steps) => setDraft({ steps })} onError={onError} />
        <TargetField name="strip-target" classes={classes} source={source} value={draft.target} disabled={active} onChange={(target) => setDraft({ target })} onError={onError} />
        <ParamField name="strip-eps" spec={COMMON_PARAMS.eps} value={draft.eps} disabled={active} onChange={(eps) => setDraft({ eps: eps as number })} onError={onError} />
        {Object.entries(pgd).map(([name, spec]) => (
          <ParamField key={name} name={`strip-${name}`} spec={spec} value={draft.params[name]} disabled={active}
            onChange={(v) => setDraft({ params: { ...draft.params, [name]: v } })} onError={onError} />
        ))}
        <ParamField name="strip-seed" spec={COMMON_PARAMS.seed} value={draft.seed} disabled={active} onChange={(seed) => setDraft({ seed: seed as number })} onError={onError} />
      </div>
      {!active && (
        <div className="buttons">
          <button className="primary" onClick={onStart} disabled={!canStart || invalid} title={invalid ? 'fix the settings marked in red first' : undefined}>
            Run the strip</button>
        </div>
      )}
      {run && (
        <RunProgress status={status} value={run.done} max={total} onCancel={cancel}
          text={`step ${run.done}/${total}${rateText(run.clock, run.done, total, status === 'running')}`} />
      )}
      {run?.leftOut && <p className="hint" data-testid="strip-left-out">{run.leftOut}</p>}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
