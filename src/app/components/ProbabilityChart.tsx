import * as d3 from 'd3';
import { useEffect, useRef } from 'react';
import type { Classification } from '../../engine/model.ts';
import { glanceLogits, softmax, topK } from '../../engine/predictions.ts';
import type { ModelInfo } from '../../worker/engine-worker.ts';

interface Props {
  model: ModelInfo | null;
  result: Classification | null;
  glance: number;
  onGlance(t: number): void;
}

const WIDTH = 360;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 40 };
const LINES = 4;

/** Probabilities of the final top classes across glances: the prediction forming. */
export function ProbabilityChart({ model, result, glance, onGlance }: Props) {
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const root = d3.select(svg.current);
    root.selectAll('*').remove();
    if (!model || !result || result.k < 2) return;
    const classes = model.classes.length;
    const perGlance = Array.from({ length: result.k }, (_, t) => softmax(glanceLogits(result.logits, classes, t)));
    const top = topK(glanceLogits(result.logits, classes, result.k - 1), model.classes, LINES);
    const x = d3.scaleLinear().domain([1, result.k]).range([MARGIN.left, WIDTH - MARGIN.right]);
    const y = d3.scaleLinear().domain([0, 1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const colour = d3.scaleOrdinal(d3.schemeTableau10);
    root.append('g').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.min(result.k, 8)).tickFormat(d3.format('d')));
    root.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5, '%'));
    root.append('text').attr('x', WIDTH / 2).attr('y', HEIGHT - 2).attr('text-anchor', 'middle').attr('class', 'axis-label').text('glance');
    root.append('line').attr('class', 'cursor').attr('x1', x(glance + 1)).attr('x2', x(glance + 1))
      .attr('y1', MARGIN.top).attr('y2', HEIGHT - MARGIN.bottom);
    const line = d3.line<number>().x((_, t) => x(t + 1)).y((p) => y(p));
    top.forEach((p, i) => {
      root.append('path').datum(perGlance.map((probs) => probs[p.index]))
        .attr('fill', 'none').attr('stroke', colour(String(i))).attr('stroke-width', 2.5).attr('d', line);
    });
    root.append('rect').attr('x', MARGIN.left).attr('y', MARGIN.top).attr('fill', 'transparent')
      .attr('width', WIDTH - MARGIN.left - MARGIN.right).attr('height', HEIGHT - MARGIN.top - MARGIN.bottom)
      .on('click', (event: MouseEvent) => onGlance(Math.round(x.invert(d3.pointer(event)[0])) - 1));
    const legend = root.append('g').attr('transform', `translate(${MARGIN.left + 8},${MARGIN.top + 4})`);
    top.forEach((p, i) => {
      legend.append('rect').attr('y', i * 16).attr('width', 10).attr('height', 10).attr('fill', colour(String(i)));
      legend.append('text').attr('x', 14).attr('y', i * 16 + 9).attr('class', 'legend').text(p.name);
    });
  }, [model, result, glance, onGlance]);

  return (
    <section className="panel chart">
      <h2>Prediction across glances</h2>
      {result && result.k > 1
        ? <svg ref={svg} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="class probabilities across glances" data-testid="probability-chart" />
        : <p className="hint">{model?.arch === 'resnet' ? 'The baseline answers in one pass.' : 'No image yet.'}</p>}
    </section>
  );
}
