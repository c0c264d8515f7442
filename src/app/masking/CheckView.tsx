// The check's result: the verdict in words, each attack's budget and where it ended, and both loss curves.
import { useMemo } from 'react';
import { ATTACK_SPECS } from '../../engine/attack-specs.ts';
import { budgetText, CHECK_ATTACKS, maskingVerdict, type CheckAttack, type Outcome } from '../../engine/masking.ts';
import { LineChart, type Series } from '../shared/LineChart.tsx';
import type { RunStatus } from '../shared/RunProgress.tsx';
import type { CheckRun } from './use-check.ts';

interface Props {
  run: CheckRun;
  status: RunStatus;
  names: string[];
}

const COLOURS: Record<CheckAttack, string> = { pgd: '#f72585', spsa: '#4cc9f0' };
const percent = (p: number) => `${(100 * p).toFixed(1)}%`;

/** Where each attack ended, once it has a step. */
function outcomes(run: CheckRun): Partial<Record<CheckAttack, Outcome>> {
  const { target } = run;
  if (target === null) return {};
  return Object.fromEntries(CHECK_ATTACKS.flatMap((attack) => {
    const last = run.curves[attack].at(-1);
    return last ? [[attack, { prediction: last.prediction, target, targetProbability: last.targetProbability }]] : [];
  }));
}

export function CheckView({ run, status, names }: Props) {
  const ended = outcomes(run);
  const verdict = status === 'done' && ended.pgd && ended.spsa ? maskingVerdict(ended.pgd, ended.spsa) : null;
  const longest = run.curves.pgd.length >= run.curves.spsa.length ? run.curves.pgd : run.curves.spsa;
  const xs = useMemo(() => longest.map((p) => p.step), [longest]);
  const xDomain = useMemo<[number, number]>(() => [0, run.settings.pgd.steps], [run.settings.pgd.steps]);
  const series = useMemo<Series[]>(() => CHECK_ATTACKS.map((attack) => ({
    label: `${ATTACK_SPECS[attack].label}`, colour: COLOURS[attack], values: run.curves[attack].map((p) => p.loss),
  })), [run.curves]);
  const yDomain = useMemo<[number, number]>(() => {
    const losses = CHECK_ATTACKS.flatMap((attack) => run.curves[attack].map((p) => p.loss));
    const [low, high] = losses.length ? [Math.min(...losses), Math.max(...losses)] : [-1, 0];
    return high - low > 1e-6 ? [low, high] : [low - 0.5, high + 0.5];
  }, [run.curves]);
  return (
    <section className="panel check-view" data-testid="check-view">
      <h2>{run.model.label}: {run.target === null ? 'target drawn from the seed' : <>target <b>{names[run.target]}</b></>}
        {' '}<small>from {names[run.settings.pgd.source]}, ε {+(run.settings.pgd.eps * 255).toFixed(2)}/255</small></h2>
      {verdict && <p className={`badge verdict-${verdict.kind}`} data-testid="masking-verdict" data-kind={verdict.kind} role="status">{verdict.text}</p>}
      {!verdict && status !== 'loading' && status !== 'running' && <p className="badge" role="status">{status}: no verdict</p>}
      <table className="check-table" data-testid="check-table">
        <thead><tr><th>attack</th><th>budget</th><th>prediction</th><th>p(target)</th><th>target reached</th></tr></thead>
        <tbody>
          {CHECK_ATTACKS.map((attack) => {
            const outcome = ended[attack];
            return (
              <tr key={attack} data-testid={`${attack}-row`}>
                <td>{ATTACK_SPECS[attack].label}</td>
                <td>{budgetText(run.settings[attack])}</td>
                <td data-testid={`${attack}-prediction`}>{outcome ? names[outcome.prediction] : '—'}</td>
                <td data-testid={`${attack}-target-probability`} data-value={outcome?.targetProbability}>{outcome ? percent(outcome.targetProbability) : '—'}</td>
                <td data-testid={`${attack}-reached`}>{outcome ? (outcome.prediction === outcome.target ? 'yes' : 'no') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <figure className="step-chart">
        <figcaption>log p(target) at the last glance: the objective both attacks raise</figcaption>
        <LineChart xs={xs} xDomain={xDomain} yDomain={yDomain} yFormat=".1f" series={series} xLabel="attack step"
          ariaLabel="log probability of the target by attack step, PGD and SPSA" testId="check-chart" />
      </figure>
    </section>
  );
}
