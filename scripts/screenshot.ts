// Saves docs/map-view.png from a running `npm start`: the funnel, the advocates and one advocate's journey.
// `npm run -s screenshot` (Chromium from Debian's chromium package, or CHROMIUM_PATH).
import { join } from 'node:path';
import { chromium } from 'playwright-core';

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 820 } });
    await page.goto(process.env['MAP_VIEW_URL'] ?? 'http://localhost:3000/');
    await page.locator('[data-stage="ADVOCATE"]').click();
    await page.locator('[data-customer]').first().click();
    await page.locator('[data-panel="journey"] .timeline').waitFor();
    const file = join(__dirname, '../docs/map-view.png');
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`${file}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
