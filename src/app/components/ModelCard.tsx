import { useEffect } from 'react';
import type { ModelInfo } from '../../worker/engine-worker.ts';

interface Props {
  model: ModelInfo;
  onClose(): void;
}

const ATTACK_LABELS: Record<string, string> = {
  clean: 'Clean',
  pgd10_targeted: 'Targeted PGD-10',
  pgd100_targeted: 'Targeted PGD-100',
  pgd250_targeted: 'Targeted PGD-250',
  pgd200_untargeted_eps4: 'Untargeted PGD-200, ε 4/255',
  pgd200_untargeted_eps16: 'Untargeted PGD-200, ε 16/255',
  spsa_targeted: 'Targeted SPSA',
};

/** The model card: recipe and the eval table (top-1 under each attack), from the manifest. */
export function ModelCard({ model, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const columns = model.eval ? Object.keys(model.eval) : [];
  const rows = columns.length ? Object.keys(model.eval![columns[0]]) : [];
  const args = model.recipe.args as Record<string, unknown>;
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal" role="dialog" aria-label="Model card" onClick={(e) => e.stopPropagation()}>
        <button className="close" onClick={onClose} aria-label="Close">×</button>
        <h2>{model.arch === 's3ta' ? 'S3TA' : 'ResNet baseline'} — model card</h2>
        <p>
          Trained by <code>training/train.py</code> on Imagenette ({model.classes.length} classes) at {model.inputSize} px,
          adversarially (targeted PGD-{String(args.attack_steps)}, random target, ε {(Number(args.eps) * 255).toFixed(0)}/255),
          {' '}{model.recipe.epochs_trained} epochs, {(model.recipe.train_seconds / 3600).toFixed(1)} h on 2 CPU cores.
          {' '}{(model.params / 1e6).toFixed(2)} M parameters.
        </p>
        {model.eval ? (
          <table>
            <thead><tr><th>top-1 under</th>{columns.map((c) => <th key={c}>{c.replace(/^k/, 'k = ')}</th>)}</tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r}><td>{ATTACK_LABELS[r] ?? r}</td>{columns.map((c) => <td key={c}>{(100 * model.eval![c][r]).toFixed(1)}%</td>)}</tr>
              ))}
            </tbody>
          </table>
        ) : <p>No evaluation has been recorded for this model yet.</p>}
        <p className="hint">Imagenette val; attacks on a fixed subset, eps 16/255 unless noted. Full results with 95% intervals: models/{model.name}/eval.json and models/README.md.</p>
      </div>
    </div>
  );
}
