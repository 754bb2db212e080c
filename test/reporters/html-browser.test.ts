/**
 * The HTML report in a real headless Chromium: it renders, shows the inventory and findings, makes no
 * network request and runs no script injected through the analysed code. Skipped (with a message)
 * when /usr/bin/chromium is missing; CI installs it (.ci/run).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { audit, formatHtml, type AuditReport } from 'eslint-plugin-job-audit/audit';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixture, repoRoot } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`html-browser.test.ts: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe('html report in headless Chromium', () => {
  it.skipIf(!hasChromium)('renders the job inventory, risk badges and findings, with no requests and no injected script', async () => {
    const report = audit({ root: fixture('demo-app') });
    const injected: AuditReport = {
      ...report,
      jobs: [...report.jobs, { ...report.jobs[0]!, name: '<img src=x onerror="window.__pwned=1">', label: 'x' }],
    };
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('data:') && request.url() !== 'about:blank') requests.push(request.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setContent(formatHtml(injected), { waitUntil: 'load' });
      expect(await page.title()).toBe(`job-audit: ${report.findings.length} findings`);
      const rows = await page.locator('#jobs + table tbody tr').allInnerTexts();
      expect(rows).toHaveLength(injected.jobs.length);
      // Riskiest first.
      expect(rows[0]).toMatch(/^High risk\s/);
      expect(rows.at(-1)).toMatch(/^No findings\s/);
      expect(rows.find((row) => /\sreceipts\s/.test(row))).toMatch(/^High risk\s+receipts\s+BullMQ\s+src\/workers\/receipts\.ts:40:30\s+[2-9]$/);
      expect(rows.some((row) => /^No findings\s+refund-order/.test(row))).toBe(true);
      expect(rows.some((row) => row.includes('<img src=x onerror="window.__pwned=1">'))).toBe(true);
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('.risk-high').first().evaluate((node) => (globalThis as unknown as { getComputedStyle(n: unknown): { backgroundColor: string } }).getComputedStyle(node).backgroundColor)).toBe('rgb(207, 34, 46)');
      await expect(page.locator('#summary').innerText()).resolves.toMatch(new RegExp(`^${report.findings.length} findings in \\d+ files · ${report.summary.jobs} jobs · ${report.summary.files} files analysed$`));
      expect(await page.locator('details[open] .chain').first().innerText()).toContain('sendReceipt(order)');
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      const out = path.join(repoRoot, 'test-output');
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'report.png'), await page.screenshot({ fullPage: true }));
    } finally {
      await browser.close();
    }
  });
});
