import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, describeError } from '../lib/api';
import { useSession } from '../lib/sessionContext';
import { Chart, type ChartSeries } from '../render/Chart';
import { age } from '../render/time';

interface DashboardWindow {
  start: number;
  requests: number;
  failedRequests: number;
  availability: number;
  jobsFinished: number;
  jobsFailed: number;
  failuresByCode: Record<string, number>;
  latencyMs: { p50: number; p95: number; p99: number } | null;
}

interface QueueFigures {
  name: string;
  waiting: number;
  prioritized: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingMs: number | null;
}

interface DashboardData {
  generatedAt: string;
  availability: { availability: number; validRequests: number; failedRequests: number };
  windows: DashboardWindow[];
  queues: QueueFigures[];
  links: { board: string; adminBoard: string; availability: string; metrics: string };
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const REFRESH_MS = 30_000;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Operators' view of the last day in 5-minute windows, and of the queues now. */
export function Dashboard() {
  const session = useSession();
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let stopped = false;
    const load = () =>
      call<DashboardData>(session, 'GET', '/ops/dashboard')
        .then(({ body }) => !stopped && (setData(body), setError('')))
        .catch((err: unknown) => !stopped && setError(describeError(err)));
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [session]);

  const charts = useMemo(() => {
    if (!data) return null;
    const w = data.windows;
    const times = w.map((x) => x.start);
    const codes = [...new Set(w.flatMap((x) => Object.keys(x.failuresByCode)))].sort();
    const active = (x: DashboardWindow) => x.requests > 0 || x.jobsFinished > 0;
    return {
      times,
      throughput: [
        { label: 'requests', values: w.map((x) => x.requests), color: PALETTE[0]! },
        { label: 'jobs finished', values: w.map((x) => x.jobsFinished), color: PALETTE[2]! },
      ] as ChartSeries[],
      latency: (['p50', 'p95', 'p99'] as const).map((p, i) => ({ label: p, values: w.map((x) => x.latencyMs?.[p] ?? null), color: PALETTE[i]! })),
      failures: codes.map((c, i) => ({ label: c, values: w.map((x) => x.failuresByCode[c] ?? 0), color: PALETTE[(i + 1) % PALETTE.length]! })),
      availability: [{ label: 'availability %', values: w.map((x) => (active(x) ? x.availability : null)), color: PALETTE[2]! }],
      totals: { requests: sum(w.map((x) => x.requests)), jobs: sum(w.map((x) => x.jobsFinished)), failed: sum(w.map((x) => x.jobsFailed)), codes },
      worstP99: Math.max(0, ...w.map((x) => x.latencyMs?.p99 ?? 0)),
    };
  }, [data]);

  return (
    <div class="page dashboard">
      <h2>Operations, last 24 hours</h2>
      <p role="status" aria-live="polite" class="status">
        {error ? `Could not load the figures: ${error}` : data ? `Updated ${new Date(data.generatedAt).toLocaleTimeString()}; refreshes every 30 s.` : 'Loading…'}
      </p>
      {data && charts && (
        <>
          <section class="tiles" aria-label="Totals">
            <div class="tile">
              <span class="tile-value" data-testid="availability-figure">{data.availability.availability.toFixed(3)}%</span> availability
            </div>
            <div class="tile">
              <span class="tile-value">{charts.totals.requests}</span> requests
            </div>
            <div class="tile">
              <span class="tile-value" data-testid="jobs-total">{charts.totals.jobs}</span> jobs finished
            </div>
            <div class="tile">
              <span class="tile-value">{charts.totals.failed}</span> jobs failed
            </div>
          </section>
          <div class="charts">
            <Chart id="throughput" title="Throughput per 5 minutes" times={charts.times} series={charts.throughput} unit="count" summary={`${charts.totals.requests} requests and ${charts.totals.jobs} jobs finished in the last day`} />
            <Chart id="latency" title="Job latency percentiles (submission to end)" times={charts.times} series={charts.latency} unit="ms" summary={`worst p99 in a window ${charts.worstP99} ms`} />
            <Chart
              id="failures"
              title="Failed jobs by error code"
              times={charts.times}
              series={charts.failures.length ? charts.failures : [{ label: 'failed', values: data.windows.map(() => 0), color: PALETTE[1]! }]}
              unit="jobs"
              summary={charts.totals.codes.length ? `failures with codes ${charts.totals.codes.join(', ')}` : 'no failures'}
            />
            <Chart id="availability" title="Availability per 5-minute window" times={charts.times} series={charts.availability} unit="%" yMax={100} summary={`${data.availability.availability.toFixed(3)}% over the day`} />
          </div>
          <section aria-labelledby="queues-title">
            <h3 id="queues-title">Queues</h3>
            <table class="queues" data-testid="queues">
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  <th scope="col">Waiting</th>
                  <th scope="col">Prioritized</th>
                  <th scope="col">Active</th>
                  <th scope="col">Delayed</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Oldest waiting</th>
                </tr>
              </thead>
              <tbody>
                {data.queues.map((q) => (
                  <tr key={q.name}>
                    <th scope="row">{q.name}</th>
                    <td>{q.waiting}</td>
                    <td>{q.prioritized}</td>
                    <td>{q.active}</td>
                    <td>{q.delayed}</td>
                    <td>{q.failed}</td>
                    <td>{q.oldestWaitingMs === null ? '—' : age(q.oldestWaitingMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <a href={data.links.board}>Queues in Bull Board (read-only)</a> · <a href={data.links.adminBoard}>Bull Board (admin)</a> ·{' '}
              <a href={data.links.metrics}>Prometheus metrics</a>
            </p>
          </section>
        </>
      )}
    </div>
  );
}
