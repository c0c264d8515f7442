import { glanceLogits, topK } from '../../engine/predictions.ts';
import type { Classification, ModelInfo } from '../../worker/protocol.ts';
import { useApp } from '../state/store.ts';

interface Props {
  model: ModelInfo | null;
  result: Classification | null;
  running: boolean;
}

/** Top-5 classes with probabilities at the selected glance. */
export function Predictions({ model, result, running }: Props) {
  const glance = useApp((s) => s.glance);
  const t = result ? Math.min(glance, result.k - 1) : 0;
  const top = model && result ? topK(glanceLogits(result.logits, model.classes.length, t), model.classes) : [];
  return (
    <section className="panel predictions">
      <h2>Top 5 {result && model?.arch === 's3ta' && <small>at glance {t + 1}</small>}</h2>
      {top.length ? (
        <ol data-testid="top5">
          {top.map((p) => (
            <li key={p.index}>
              <span className="name" title={p.id}>{p.name}</span>
              <span className="bar"><span style={{ width: `${100 * p.probability}%` }} /></span>
              <span className="pct">{(100 * p.probability).toFixed(1)}%</span>
            </li>
          ))}
        </ol>
      ) : <p className="hint">{running ? 'Classifying…' : 'No image yet.'}</p>}
    </section>
  );
}
