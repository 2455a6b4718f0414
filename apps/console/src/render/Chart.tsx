import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

interface Props {
  id: string;
  title: string;
  /** Window starts, epoch ms. */
  times: number[];
  series: ChartSeries[];
  unit: string;
  /** What a screen reader hears instead of the picture. */
  summary: string;
  /** Fixed top of the y axis (availability: 100). */
  yMax?: number;
}

/** A time chart (uPlot on a canvas), with its title and a text summary for those who cannot see it. */
export function Chart({ id, title, times, series, unit, summary, yMax }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 200,
        // Points as well as lines: a window with data between idle ones has no neighbour to draw a line to.
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, fill: `${s.color}22`, width: 2, spanGaps: false, points: { show: true, size: 4 } }))],
        axes: [{}, { label: unit, size: 56 }],
        scales: {
          x: { time: true },
          y: yMax === undefined ? { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(1, max ?? 1)] } : { range: (_u, min) => [Math.min(min ?? yMax - 1, yMax - 1), yMax] },
        },
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      },
      [times.map((t) => t / 1000), ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 200 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, unit, yMax]);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div ref={host} class="chart-canvas" role="img" aria-label={`${title}: ${summary}`} />
    </figure>
  );
}
