// Lines over steps, glances or offsets (y in [0, 1] as percentages unless told): the skeleton (axes, layers) is made once, then every
// render updates the elements in place with d3's join. The legend is HTML under the plot, so it never hides a line.
import * as d3 from 'd3';
import { useEffect, useRef } from 'react';

export interface Series {
  label: string;
  colour: string;
  values: number[]; // one per x
  xs?: number[]; // its own x values, when not the chart's
  dashed?: boolean;
  width?: number; // stroke width, 2.5 by default
}

interface Props {
  xs: number[];
  xDomain: [number, number];
  xScale?: 'linear' | 'symlog'; // symlog: log-like from 1 up, with room for 0 (steps 0, 2, 5 and 100 all readable)
  yDomain?: [number, number]; // [0, 1] shown as % by default
  yFormat?: string; // a d3 format for the y ticks
  series: Series[];
  cursor?: number; // an x to mark
  onPick?(x: number): void; // a click on the plot, at the nearest integer x
  xLabel: string;
  ariaLabel: string;
  testId?: string;
}

const [W, H] = [440, 210];
const UNIT: [number, number] = [0, 1];
const M = { top: 10, right: 12, bottom: 34, left: 54 };
const ONE_TWO_FIVE = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

export function LineChart({ xs, xDomain, xScale = 'linear', yDomain = UNIT, yFormat = '%', series, cursor, onPick, xLabel, ariaLabel, testId }: Props) {
  const svg = useRef<SVGSVGElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const root = d3.select(svg.current!);
    root.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${H - M.bottom})`);
    root.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
    root.append('text').attr('class', 'axis-label').attr('x', (W + M.left) / 2).attr('y', H - 2).attr('text-anchor', 'middle');
    root.append('g').attr('class', 'lines');
    root.append('line').attr('class', 'cursor').attr('y1', M.top).attr('y2', H - M.bottom);
    root.append('rect').attr('class', 'pick').attr('x', M.left).attr('y', M.top).attr('fill', 'transparent')
      .attr('width', W - M.left - M.right).attr('height', H - M.top - M.bottom);
    return () => { root.selectAll('*').remove(); };
  }, []);

  useEffect(() => {
    const root = d3.select(svg.current!);
    const x = (xScale === 'symlog' ? d3.scaleSymlog() : d3.scaleLinear()).domain(xDomain).range([M.left, W - M.right]);
    const y = d3.scaleLinear().domain(yDomain).range([H - M.bottom, M.top]);
    root.select<SVGGElement>('.y-axis').call(d3.axisLeft(y).ticks(5, yFormat));
    const integerTicks = xDomain[1] - xDomain[0] <= 16;
    const xAxis = d3.axisBottom(x).tickFormat(d3.format(integerTicks ? 'd' : '~s'));
    if (xScale === 'symlog') xAxis.tickValues(ONE_TWO_FIVE.filter((v) => v >= xDomain[0] && v <= xDomain[1]));
    else xAxis.ticks(Math.min(8, xDomain[1] - xDomain[0] || 1));
    root.select<SVGGElement>('.x-axis').call(xAxis);
    root.select('.axis-label').text(xLabel);
    const line = (s: Series) => d3.line<number>().x((_, i) => x((s.xs ?? xs)[i])).y((v) => y(v))(s.values);
    root.select('.lines').selectAll<SVGPathElement, Series>('path').data(series, (s) => s.label).join('path')
      .attr('fill', 'none').attr('stroke-width', (s) => s.width ?? 2.5).attr('stroke', (s) => s.colour)
      .attr('stroke-dasharray', (s) => (s.dashed ? '6 4' : null)).attr('d', line);
    root.select('.cursor').attr('x1', cursor === undefined ? -10 : x(cursor)).attr('x2', cursor === undefined ? -10 : x(cursor));
    root.select('.pick').style('cursor', pick.current ? 'pointer' : 'default')
      .on('click', (event: MouseEvent) => pick.current?.(Math.round(x.invert(d3.pointer(event)[0]))));
  }, [xs, xDomain, xScale, yDomain, yFormat, series, cursor, xLabel]);

  return (
    <figure className="line-chart">
      <svg ref={svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={ariaLabel} data-testid={testId} />
      <ul className="legend">
        {series.map((s) => (
          <li key={s.label}><span className={`swatch ${s.dashed ? 'dashed' : ''}`} style={{ borderColor: s.colour }} />{s.label}</li>
        ))}
      </ul>
    </figure>
  );
}
