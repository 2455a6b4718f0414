// Writes the job catalog's queue, timeout and concurrency of every task into the Helm chart
// (`helm/crs/files/tasks.json`), so the chart derives each worker pool's shutdown grace period
// and autoscaling target from the catalog instead of restating them. A test fails when the
// file and the catalog drift apart: run `npm run generate -w @crs/deploy` after changing a task.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tasksTable } from './tasksTable.mjs';

const out = fileURLToPath(new URL('../helm/crs/files/tasks.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(await tasksTable(), null, 2)}\n`);
console.log(`wrote ${out}`);
