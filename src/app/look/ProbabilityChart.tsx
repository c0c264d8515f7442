import * as d3 from 'd3';
import { useMemo } from 'react';
import { glanceLogits, softmax, topK } from '../../engine/predictions.ts';
import type { Classification, ModelInfo } from '../../worker/protocol.ts';
import { LineChart, type Series } from '../shared/LineChart.tsx';
import { useApp } from '../state/store.ts';

interface Props {
  model: ModelInfo | null;
  result: Classification | null;
}

const LINES = 4;
const colour = d3.scaleOrdinal<string, string>(d3.schemeTableau10);

/** Probabilities of the final top classes across glances: the prediction forming. */
export function ProbabilityChart({ model, result }: Props) {
  const glance = useApp((s) => s.glance);
  const set = useApp((s) => s.set);
  const k = result?.k ?? 0;
  const series = useMemo<Series[]>(() => {
    if (!model || !result) return [];
    const classes = model.classes.length;
    const perGlance = Array.from({ length: result.k }, (_, t) => softmax(glanceLogits(result.logits, classes, t)));
    return topK(glanceLogits(result.logits, classes, result.k - 1), model.classes, LINES)
      .map((p, i) => ({ label: p.name, colour: colour(String(i)), values: perGlance.map((probs) => probs[p.index]) }));
  }, [model, result]);
  const xs = useMemo(() => Array.from({ length: k }, (_, t) => t + 1), [k]);
  const domain = useMemo<[number, number]>(() => [1, Math.max(2, k)], [k]);
  return (
    <section className="panel chart">
      <h2>Prediction across glances</h2>
      {result && result.k > 1
        ? <div data-testid="probability-chart"><LineChart xs={xs} xDomain={domain} series={series} cursor={Math.min(glance, k - 1) + 1}
            onPick={(t) => set({ glance: Math.max(0, Math.min(k - 1, t - 1)) })} xLabel="glance" ariaLabel="class probabilities across glances" /></div>
        : <p className="hint">{model?.arch === 'resnet' ? 'The baseline answers in one pass.' : 'No image yet.'}</p>}
    </section>
  );
}
