// The landscape as a d3 heatmap with contour lines: x = a (along sign(grad)), y = b (the random direction), both
// in 255ths; colour = the loss. The skeleton is drawn once; a new landscape updates it in place.
import * as d3 from 'd3';
import { useEffect, useRef } from 'react';
import type { Landscape } from '../../worker/protocol.ts';
import { colourScale } from '../shared/heatmap.ts';

const SIZE = 360;
const M = { top: 10, right: 12, bottom: 40, left: 50 };

/** The loss in d3-contour's order, [b][a] (rows are y), from the landscape's [a][b]. */
export function contourValues({ loss, grid }: Pick<Landscape, 'loss' | 'grid'>): number[] {
  return Array.from({ length: grid * grid }, (_, i) => loss[(i % grid) * grid + Math.floor(i / grid)]);
}

export function LandscapePlot({ landscape }: { landscape: Landscape }) {
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    const root = d3.select(svg.current!);
    root.append('g').attr('class', 'cells');
    root.append('g').attr('class', 'contours');
    root.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${M.top + SIZE})`);
    root.append('g').attr('class', 'y-axis').attr('transform', `translate(${M.left},0)`);
    root.append('text').attr('class', 'axis-label').attr('x', M.left + SIZE / 2).attr('y', M.top + SIZE + 36).attr('text-anchor', 'middle')
      .text('a: along sign(∇ loss), /255');
    root.append('text').attr('class', 'axis-label').attr('transform', `translate(14,${M.top + SIZE / 2}) rotate(-90)`).attr('text-anchor', 'middle')
      .text('b: random ±1 direction, /255');
    root.append('circle').attr('class', 'clean-point').attr('r', 4);
    return () => { root.selectAll('*').remove(); };
  }, []);

  useEffect(() => {
    const { grid, offsets, loss } = landscape;
    const root = d3.select(svg.current!);
    const cell = SIZE / grid;
    const extent = d3.extent(loss) as [number, number];
    const colour = d3.scaleSequential(d3.interpolateViridis).domain(extent);
    const span = offsets[grid - 1] * 255;
    const x = d3.scaleLinear().domain([-span, span]).range([M.left + cell / 2, M.left + SIZE - cell / 2]);
    const y = d3.scaleLinear().domain([-span, span]).range([M.top + SIZE - cell / 2, M.top + cell / 2]);
    root.select('.cells').selectAll<SVGRectElement, number>('rect').data(Array.from(loss)).join('rect')
      .attr('x', (_, i) => M.left + Math.floor(i / grid) * cell).attr('y', (_, i) => M.top + (grid - 1 - (i % grid)) * cell)
      .attr('width', cell + 0.5).attr('height', cell + 0.5).attr('fill', (v) => colour(v));
    const contours = d3.contours().size([grid, grid]).thresholds(d3.ticks(extent[0], extent[1], 10))(contourValues(landscape));
    // contour coordinates are in cells with y down from b = -eps: flip them onto the plot
    const toPlot = d3.geoTransform({
      point(px, py) { this.stream.point(M.left + px * cell, M.top + SIZE - py * cell); },
    });
    root.select('.contours').selectAll<SVGPathElement, d3.ContourMultiPolygon>('path').data(contours).join('path')
      .attr('d', d3.geoPath(toPlot)).attr('fill', 'none').attr('stroke', 'rgba(255,255,255,0.55)').attr('stroke-width', 1);
    root.select<SVGGElement>('.x-axis').call(d3.axisBottom(x).ticks(5));
    root.select<SVGGElement>('.y-axis').call(d3.axisLeft(y).ticks(5));
    root.select('.clean-point').attr('cx', x(0)).attr('cy', y(0)).attr('fill', 'none').attr('stroke', '#fff').attr('stroke-width', 2);
  }, [landscape]);

  const [low, high] = d3.extent(landscape.loss) as [number, number];
  return (
    <figure className="landscape-plot">
      <svg ref={svg} viewBox={`0 0 ${M.left + SIZE + M.right} ${M.top + SIZE + M.bottom}`} role="img" data-testid="landscape-heatmap"
        aria-label={`Loss landscape, ${landscape.grid} by ${landscape.grid}: from ${low.toFixed(3)} to ${high.toFixed(3)}`} />
      <figcaption className="row colour-legend">
        <span>{low.toFixed(3)}</span><span className="scale" style={{ background: colourScale('viridis') }} /><span>{high.toFixed(3)}</span>
      </figcaption>
      <p className="hint">Colour: the loss (cross-entropy of the class); contour lines every {d3.tickStep(low, high, 10)}; ○ the clean image.</p>
    </figure>
  );
}
