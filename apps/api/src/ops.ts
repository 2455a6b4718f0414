import { Router, type Request } from 'express';
import { availabilityReport, WINDOW_MS } from '@crs/core';
import type { ApiContext } from './context.js';
import { availabilityRange } from './handlers/availability.js';
import { dashboardData } from './opsDashboard.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const tenantParam = (req: Request) => {
  const t = typeof req.query.tenant === 'string' ? req.query.tenant : '';
  return /^[A-Za-z0-9_.-]{1,64}$/.test(t) ? t : null;
};

/**
 * Operator pages: availability overall or for one tenant (JSON), and a small
 * HTML page with the figure next to throughput, failures and queue depth.
 */
export function createOpsRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/availability', (req, res, next) => {
    const range = availabilityRange(req.query);
    availabilityReport(ctx.redis, ctx.keys, tenantParam(req), range.from, range.to)
      .then(({ series, ...report }) => res.json({ tenant: tenantParam(req), ...report, ...(range.series ? { series } : {}) }))
      .catch(next);
  });
  router.get('/dashboard', (req, res, next) => {
    dashboardData(ctx, req.query)
      .then((data) => res.json(data))
      .catch(next);
  });
  router.get('/', (req, res, next) => {
    const tenant = tenantParam(req);
    const now = Date.now();
    Promise.all([
      availabilityReport(ctx.redis, ctx.keys, tenant, now - 86_400_000, now),
      availabilityReport(ctx.redis, ctx.keys, tenant, now - 30 * 86_400_000, now),
      Promise.all(ctx.queues.all().map(async (q) => ({ name: q.name, counts: await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed') }))),
    ])
      .then(([day, month, queues]) => {
        const recent = day.series.slice(-24).reverse();
        const rows = recent
          .map((w) => {
            const rate = w.valid ? (Math.min(1, w.failed / w.valid) * 100).toFixed(2) : '0.00';
            return `<tr><td>${new Date(w.start).toISOString().slice(11, 16)}–${new Date(w.start + WINDOW_MS).toISOString().slice(11, 16)}</td><td>${w.valid}</td><td>${w.failed}</td><td>${rate}%</td></tr>`;
          })
          .join('');
        const queueRows = queues
          .map((q) => `<tr><td>${escape(q.name)}</td>${['waiting', 'prioritized', 'active', 'delayed', 'failed'].map((s) => `<td>${q.counts[s] ?? 0}</td>`).join('')}</tr>`)
          .join('');
        res.type('html').send(`<!doctype html><meta charset="utf-8"><title>Operations</title>
<style>body{font:14px system-ui;margin:2em;max-width:60em}table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}th{background:#f4f4f4}.big{font-size:2em;font-weight:600}</style>
<h1>Operations${tenant ? ` — tenant ${escape(tenant)}` : ' — all tenants'}</h1>
<p>Availability (1 − Σ window error rate / windows) × 100, 5-minute windows; 4xx are callers' errors and do not count.</p>
<table><tr><th></th><th>availability</th><th>valid requests</th><th>failed</th></tr>
<tr><td>last 24 h</td><td class="big">${day.availability.toFixed(3)}%</td><td>${day.validRequests}</td><td>${day.failedRequests}</td></tr>
<tr><td>last 30 days</td><td class="big">${month.availability.toFixed(3)}%</td><td>${month.validRequests}</td><td>${month.failedRequests}</td></tr></table>
<h2>Last two hours</h2><table><tr><th>window (UTC)</th><th>valid</th><th>failed</th><th>error rate</th></tr>${rows}</table>
<h2>Queues</h2><table><tr><th>queue</th><th>waiting</th><th>prioritized</th><th>active</th><th>delayed</th><th>failed</th></tr>${queueRows}</table>
<p><a href="queues">Queues (read-only board)</a> · <a href="availability?series=true">availability JSON</a> · <a href="dashboard">dashboard JSON</a> · <a href="/console/">console</a> · <a href="/metrics">metrics</a></p>`);
      })
      .catch(next);
  });
  return router;
}
