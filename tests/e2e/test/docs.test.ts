import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@crs/api';
import { startStack, type Stack } from './helpers/stack.js';

const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? 'chromium';

/** The page as headless Chromium renders it, with every host but loopback made unresolvable. */
async function render(url: string): Promise<string> {
  const { stdout } = await run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      // Any request off this machine (a CDN, fonts, telemetry) fails, so the page must render from the service alone.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      '--virtual-time-budget=20000',
      '--dump-dom',
      url,
    ],
    { maxBuffer: 64 * 1024 * 1024, timeout: 90_000 },
  );
  return stdout;
}

/** The page's text without markup or whitespace, for finding a sentence however the page wraps it. */
function visibleText(dom: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' };
  return dom
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (_m, name: string) => entities[name]!)
    .replace(/\s+/g, '');
}

describe('/docs', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('serves the reference page and its script from the service itself', async () => {
    const page = await fetch(`${stack.baseUrl}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${stack.baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('renders every operation of /openapi.json offline in headless Chromium', async () => {
    const dom = await render(`${stack.baseUrl}/docs`);
    const text = visibleText(dom);
    const missing = routes.filter((r) => !text.includes(r.summary.replace(/\s+/g, '')));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  }, 120_000);
});
