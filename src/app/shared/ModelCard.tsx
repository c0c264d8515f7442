import { useEffect } from 'react';
import { attackLabel, isAttackName } from '../../engine/attack-specs.ts';
import type { EvalAttack } from '../../engine/manifest.ts';
import type { ModelInfo } from '../../worker/protocol.ts';

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

/** The model card: recipe, the eval table (top-1 under each attack) and attention on the object, from eval.json. */
export function ModelCard({ model, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const evaluation = model.evaluation;
  const columns = evaluation ? Object.keys(evaluation.summary) : [];
  const rows = columns.length ? Object.keys(evaluation!.summary[columns[0]]) : [];
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Model card" onClick={(e) => e.stopPropagation()}>
        <button className="close" onClick={onClose} aria-label="Close">×</button>
        <h2>{model.label} — model card</h2>
        <p>
          {trainingText(model)} {(model.params / 1e6).toFixed(2)} M parameters.
          {model.arch === 's3ta' && <> Trained for k = {model.trainedK} glances.</>}
        </p>
        {evaluation ? (
          <table>
            <thead><tr><th>top-1 under</th>{columns.map((c) => <th key={c}>{c.replace(/^k/, 'k = ')}</th>)}</tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r}><td>{rowLabel(r, evaluation.attacks[r])}</td>{columns.map((c) => <td key={c}>{(100 * evaluation.summary[c][r]).toFixed(1)}%</td>)}</tr>
              ))}
            </tbody>
          </table>
        ) : <p>No evaluation has been recorded for this model yet.</p>}
        {evaluation && (
          <p className="hint">{evaluation.split} split, {evaluation.images.toLocaleString('en')} images; attacks on a fixed subset. Full results with 95%
            intervals: models/{model.name}/eval.json and models/README.md.</p>
        )}
      </div>
    </div>
  );
}
