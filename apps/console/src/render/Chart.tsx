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
}

/** A time chart (uPlot on a canvas), with its title and a text summary for those who cannot see it. */
export function Chart({ id, title, times, series, unit, summary }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 200,
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false, points: { show: false } }))],
        axes: [{}, { label: unit, size: 56 }],
        scales: { x: { time: true } },
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
  }, [times, series, unit]);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <div ref={host} class="chart-canvas" role="img" aria-label={`${title}: ${summary}`} />
    </figure>
  );
}
