import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../support/localStack';

/**
 * The stack `npm start` runs (serverless-offline on serverless.yml, the front door, demo data), driven over HTTP
 * and in Debian's headless Chromium. .ci/run installs chromium; CHROMIUM_PATH points elsewhere if needed.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT = join(__dirname, '../../test-output');

let stack: LocalStack;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  [stack, browser] = await Promise.all([
    startLocalStack(),
    chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] }),
  ]);
  mkdirSync(OUTPUT, { recursive: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const preflight = (origin: string, requestHeaders = 'authorization,content-type') =>
  fetch(`${stack.offline.origin}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });

describe('CORS preflights of the running offline stack', () => {
  it.each(['http://localhost:3000', 'http://localhost:5173'])('answers %s with its origin, the methods, headers and max age', async (origin) => {
    const response = await preflight(origin, 'authorization,content-type,apollo-require-preflight');
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-headers')?.split(',').sort()).toEqual([
      'apollo-require-preflight',
      'authorization',
      'content-type',
    ]);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-max-age')).toBe('3600');
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'https://localhost:3000', 'null'])(
    'gives %s no access-control-allow-origin',
    async (origin) => {
      const response = await preflight(origin);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('refuses a preflight asking for a header the API does not allow', async () => {
    const response = await preflight('http://localhost:5173', 'authorization,x-debug');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the front door of npm start', () => {
  it('sends a browser opening /graphql to GraphiQL, passes API calls on, and refuses an unknown role', async () => {
    const opened = await fetch(`${stack.frontDoor.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/graphiql');
    const call = await fetch(`${stack.frontDoor.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('viewer')}` },
      body: JSON.stringify({ query: '{ lifecycleMap { id } }' }),
    });
    expect(await call.json()).toEqual({ data: { lifecycleMap: { id: 'default' } } });
    expect((await fetch(`${stack.frontDoor.url}/?role=root`)).status).toBe(400);
  });
});

/** Fails the test on any request that would leave the machine. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => void urls.push(request.url()));
  return urls;
}
const offMachine = (urls: string[]) => urls.filter((url) => !/^(https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/|data:|blob:)/.test(url));

interface ApiStage {
  key: string;
  customerCount: number;
}

describe('the map view in Chromium', () => {
  it("shows the API's counts, a stage's customers page by page, and a journey, loading nothing from outside", async () => {
    // Enough prospects for more than one page of ten (the demo data has 4), counted by the projector before the
    // page loads (insights.asOf past them), so the page and the API read the same figures.
    for (let i = 0; i < 12; i++) {
      const created = await stack.graphql(
        'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }',
        { input: { externalId: `browser-${i}`, name: `Browser Prospect ${String(i).padStart(2, '0')}` } },
        'marketing',
      );
      expect(created.errors).toBeUndefined();
    }
    const written = new Date().toISOString();
    const asOf = async () => ((await stack.graphql('{ insights { asOf } }')).data?.['insights'] as { asOf: string }).asOf;
    const settled = Date.now() + 60_000;
    while ((await asOf()) < written && Date.now() < settled) await new Promise((resolve) => setTimeout(resolve, 250));
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requests = recordRequests(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => void errors.push(error.message));
    await page.goto(`${stack.frontDoor.url}/?role=viewer`);

    // The funnel: every stage with the count the API gives.
    const api = await stack.graphql('{ lifecycleMap { stages { key customerCount } } }');
    const apiStages = (api.data?.['lifecycleMap'] as { stages: ApiStage[] }).stages;
    await page.locator('[data-stage]').first().waitFor();
    const shown = await page.locator('[data-stage]').evaluateAll((buttons) =>
      buttons.map((button) => ({ key: button.getAttribute('data-stage'), count: button.querySelector('.stage-count')?.textContent })),
    );
    expect(shown.sort((a, b) => String(a.key).localeCompare(String(b.key)))).toEqual(
      apiStages.map((stage) => ({ key: stage.key, count: String(stage.customerCount) })).sort((a, b) => a.key.localeCompare(b.key)),
    );
    expect(apiStages.reduce((sum, stage) => sum + stage.customerCount, 0)).toBe(36 + 12);
    // Off-path stages stand apart from the path.
    expect(await page.locator('.off-path [data-stage]').evaluateAll((b) => b.map((x) => x.getAttribute('data-stage')))).toEqual(['AT_RISK', 'CHURNED']);
    // This window's conversion, as insights gives it.
    const { data: insights } = await stack.graphql('{ insights { conversion { stage { key } entered movedOn } } }');
    const conversion = (insights?.['insights'] as { conversion: { stage: { key: string }; entered: number; movedOn: number }[] }).conversion;
    expect(conversion.find((row) => row.stage.key === 'PROSPECT')?.entered).toBeGreaterThanOrEqual(12);
    expect(await page.locator('[data-conversion]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-conversion'), row.querySelector('small')?.textContent]))).toEqual(
      conversion.map((row) => [row.stage.key, `(${row.movedOn} of ${row.entered} who entered)`]),
    );

    // A stage's customers, ten at a time, as the API lists them.
    const listed = await stack.graphql('{ customers(stage: "PROSPECT", first: 100) { edges { node { id name } } } }');
    const apiNames = (listed.data?.['customers'] as { edges: { node: { name: string } }[] }).edges.map((edge) => edge.node.name);
    expect(apiNames.length).toBe(16);
    await page.locator('[data-stage="PROSPECT"]').click();
    await page.locator('[data-customer]').nth(9).waitFor();
    expect(await page.locator('[data-customer] .name').allTextContents()).toEqual(apiNames.slice(0, 10));
    await page.getByText('More customers').click();
    await page.locator('[data-customer]').nth(10).waitFor();
    await page.locator('[data-customer]').nth(15).waitFor();
    expect(await page.locator('[data-customer] .name').allTextContents()).toEqual(apiNames);
    expect(await page.getByText('More customers').isVisible()).toBe(false);

    // A customer's journey: its transitions and touchpoints, scores coloured by band (a loyal customer has them).
    await page.locator('[data-stage="LOYAL"]').click();
    await page.locator('[data-customer]').first().waitFor();
    const customerId = await page.locator('[data-customer]').first().getAttribute('data-customer');
    const journey = await stack.graphql(
      'query($id: ID!) { customer(id: $id) { journey { id } touchpoints(first: 100) { edges { node { id score band { key } } } } } }',
      { id: customerId },
    );
    const customer = journey.data?.['customer'] as { journey: { id: string }[]; touchpoints: { edges: { node: { id: string; score: number | null; band: { key: string } | null } }[] } };
    await page.locator('[data-customer]').first().click();
    await page.locator('[data-panel="journey"] .timeline').waitFor();
    expect(await page.locator('[data-transition]').count()).toBe(customer.journey.length);
    expect(await page.locator('[data-touchpoint]').count()).toBe(customer.touchpoints.edges.length);
    const scored = customer.touchpoints.edges.map((edge) => edge.node).filter((node) => node.score !== null);
    expect(scored.length).toBeGreaterThan(0);
    for (const node of scored) {
      expect(await page.locator(`[data-touchpoint="${node.id}"] .score`).getAttribute('data-band')).toBe(node.band?.key);
    }

    await page.screenshot({ path: join(OUTPUT, 'map-view.png'), fullPage: true });

    // Every map is offered, the one shown marked; the second demo map is one click away, with its own stages,
    // counts and customers, and the role kept.
    const maps = await stack.graphql('{ lifecycleMaps { id name } }');
    const offered = await page.locator('nav.maps a').evaluateAll((links) =>
      links.map((link) => ({ id: link.getAttribute('data-map'), name: link.textContent, current: link.getAttribute('aria-current') })),
    );
    expect(offered).toEqual(
      (maps.data?.['lifecycleMaps'] as { id: string; name: string }[]).map((map) => ({ ...map, current: map.id === 'default' ? 'page' : null })),
    );
    await page.locator('[data-map="b2b"]').click();
    await page.locator('[data-stage="TRIAL"]').waitFor();
    expect(new URL(page.url()).searchParams.get('role')).toBe('viewer');
    expect(await page.locator('nav.maps a[aria-current="page"]').getAttribute('data-map')).toBe('b2b');
    const b2b = await stack.graphql('{ lifecycleMap(id: "b2b") { stages { key customerCount } } customers(mapId: "b2b", stage: "TRIAL") { edges { node { name } } } }');
    const b2bStages = (b2b.data?.['lifecycleMap'] as { stages: ApiStage[] }).stages;
    const b2bShown = await page.locator('[data-stage]').evaluateAll((buttons) =>
      buttons.map((button) => ({ key: button.getAttribute('data-stage'), count: button.querySelector('.stage-count')?.textContent })),
    );
    expect(b2bShown.sort((a, b) => String(a.key).localeCompare(String(b.key)))).toEqual(
      b2bStages.map((stage) => ({ key: stage.key, count: String(stage.customerCount) })).sort((a, b) => a.key.localeCompare(b.key)),
    );
    await page.locator('[data-stage="TRIAL"]').click();
    await page.locator('[data-customer]').first().waitFor();
    const trialNames = (b2b.data?.['customers'] as { edges: { node: { name: string } }[] }).edges.map((edge) => edge.node.name);
    expect(trialNames.length).toBeGreaterThan(0);
    expect(await page.locator('[data-customer] .name').allTextContents()).toEqual(trialNames);
    await page.screenshot({ path: join(OUTPUT, 'map-view-b2b.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(offMachine(requests)).toEqual([]);
    // The page called serverless-offline on its own origin: a cross-origin call the preflight let through.
    expect(requests.some((url) => url.startsWith(`${stack.offline.origin}/graphql`))).toBe(true);
    await page.close();
  });

  it('serves GraphiQL with the endpoint and a token filled in, its docs browsable, nothing from a CDN', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requests = recordRequests(page);
    await page.goto(`${stack.frontDoor.url}/graphiql?role=viewer`);
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').getByText('"customerCount"').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    await docs.getByText('A lifecycle map; the default map when id is omitted.').waitFor();
    await page.screenshot({ path: join(OUTPUT, 'graphiql.png') });
    expect(offMachine(requests)).toEqual([]);
    await page.close();
  });
});
