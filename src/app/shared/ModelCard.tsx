import { useEffect } from 'react';
import { attackLabel, isAttackName } from '../../engine/attack-specs.ts';
import type { EvalAttack, Evaluation } from '../../engine/manifest.ts';
import type { ModelInfo } from '../../worker/protocol.ts';
import { isUserModel } from '../models/names.ts';
import { evalTable } from './eval-table.ts';

interface Props {
  model: ModelInfo;
  onClose(): void;
}

/** "Targeted PGD-10, ε 16/255" from eval.json's settings and the attack registry; the raw name otherwise. */
function rowLabel(name: string, attack: EvalAttack | undefined): string {
  if (name === 'clean') return 'Clean';
  if (!attack || !isAttackName(attack.kind)) return name;
  return attackLabel({ attack: attack.kind, targeted: attack.targeted, eps: attack.eps, steps: attack.steps ?? 1 });
}

function trainingText(model: ModelInfo): string {
  const { recipe, inputSize, classes } = model;
  const args = recipe.args;
  const data = recipe.dataset ? `${recipe.dataset.name} (${recipe.dataset.classes} classes, ${recipe.dataset.train_images.toLocaleString('en')} images)` : `${classes.length} classes`;
  return `Trained by training/train.py on ${data} at ${inputSize} px, adversarially (targeted PGD-${String(args.attack_steps)}, random target, `
    + `ε ${(Number(args.eps) * 255).toFixed(0)}/255), ${recipe.epochs_trained} epochs, ${(recipe.train_seconds / 3600).toFixed(1)} h`
    + `${recipe.machine ? ` on ${recipe.machine}` : ''}.`;
}

type Attention = NonNullable<Evaluation['attention']>;

/** Where the model looks on a set of boxed val images: training/attention_metrics.py's numbers. */
function AttentionTable({ attention, which, testId }: { attention: Attention; which: string; testId: string }) {
  const ks = Object.keys(attention).filter((key): key is `k${number}` => /^k\d+$/.test(key)).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const pull = attention.attack_pull;
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  return (
    <>
      <h3>Where it looks ({attention.images} {which})</h3>
      <table data-testid={testId}>
        <thead><tr><th>k</th><th>attention in box ÷ box area</th><th>pointing game</th><th>TV between glances (3..k)</th><th>TV glance 2 vs k</th><th>effective locations</th></tr></thead>
        <tbody>
          {ks.map((key) => {
            const m = attention[key];
            return (
              <tr key={key}><td>{key.slice(1)}</td><td>{m.energy_ratio.mean.toFixed(2)} (best head {Math.max(...m.energy_ratio.per_head).toFixed(2)})</td>
                <td>{pct(m.pointing_game.mean)} (centre {pct(attention.centre_prior_pointing)})</td>
                <td>{m.tv_consecutive?.mean_from_glance_3?.toFixed(3) ?? '—'}</td><td>{m.tv_glance2_last?.toFixed(3) ?? '—'}</td>
                <td>{m.effective_locations.mean.toFixed(0)} of {m.effective_locations.of}</td></tr>
            );
          })}
        </tbody>
      </table>
      {pull?.succeeded ? (
        <p className="hint">Successful PGD-{pull.steps} attacks ({pull.succeeded} of {pull.attacked}, k = {pull.k}) move attention in the box
          {' '}{pull.energy_before?.toFixed(2)} → {pull.energy_after?.toFixed(2)}; TV clean → adversarial {pull.tv_clean_adversarial?.toFixed(2)}
          {' '}(random ±ε noise: {pull.tv_clean_noise?.toFixed(2)}).</p>
      ) : null}
    </>
  );
}

/** The model card: recipe, the eval table (top-1 under each attack) and attention on the object, from eval.json. */
export function ModelCard({ model, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const evaluation = model.evaluation;
  const table = evaluation && evalTable(evaluation);
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Model card" onClick={(e) => e.stopPropagation()}>
        <button className="close" onClick={onClose} aria-label="Close">×</button>
        <h2>{model.label} — model card</h2>
        <p>
          {trainingText(model)} {(model.params / 1e6).toFixed(2)} M parameters.
          {model.arch === 's3ta' && <> Trained for k = {model.trainedK} glances.</>}
        </p>
        {table ? (
          <table data-testid="eval-table">
            <thead><tr><th>top-1 under</th>{table.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}><td>{rowLabel(row.key, evaluation!.attacks[row.key])}</td>
                  {row.cells.map((c, i) => (
                    <td key={i}>{c ? <>{c.top1}{c.interval && <small> {c.interval}</small>}{c.target && <small> · {c.target}</small>}</> : '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : <p>No evaluation has been recorded for this model yet.</p>}
        {evaluation?.attention && <AttentionTable attention={evaluation.attention} which="val images with ImageNet object boxes" testId="attention-metrics" />}
        {evaluation?.attention_heldback && (
          <AttentionTable attention={evaluation.attention_heldback} which="held-back boxed val images, never used to choose a recipe" testId="attention-heldback" />
        )}
        {evaluation && (
          <p className="hint">{evaluation.split} split: clean top-1 on all {evaluation.images.toLocaleString('en')} images, attacks on the first n of a
            fixed shuffle; top-1 with its 95% interval. Every number and setting: {isUserModel(model.name) ? 'the eval.json in its folder' : `models/${model.name}/eval.json and models/README.md`}.</p>
        )}
      </div>
    </div>
  );
}
