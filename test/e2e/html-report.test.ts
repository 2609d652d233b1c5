// The HTML report as a person sees it: the built CLI writes it (--report-html, and `show --html` for a plan), a
// real headless Chromium (Debian's, driven by playwright-core) opens it from a file:// URL, and the test reads the
// page: the counts agree with the JSON report, a filter narrows the matrix, a device's drill-down shows its
// commands, outputs and remedy, nothing is fetched, nothing logs an error, and no secret is anywhere in the DOM.
// Screenshots are kept under test-output/ (CI artifacts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { causeRecords, causesOf } from '../../src/report/causes.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { htmlViewOfReport } from '../../src/report/html-view.js';
import type { Report as FullReport } from '../../src/report/report-json.js';
import { LAB_PASSWORD, assertBuilt, readReport, runArgs, runCli, startTestLab, tempDir, type Report, type TestLab } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve('test-output');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Opened {
  page: Page;
  problems: string[];
}

describe('the HTML report in a real browser', () => {
  let t: TestLab;
  let ctx: BrowserContext;
  let report: Report;
  let htmlPath: string;
  let jsonPath: string;
  let planPath: string;

  beforeAll(async () => {
    assertBuilt();
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestLab({ devices: 16, faults: 'mixed', seed: 'e2e-html' });
    const json = join(t.dir, 'report.json');
    jsonPath = json;
    htmlPath = join(t.dir, 'report.html');
    planPath = join(t.dir, 'plan.json');
    const r = await runCli(runArgs(t, '--check', '--output', 'line', '--report', json, '--report-html', htmlPath, '--plan-out', planPath), { XDG_STATE_HOME: join(t.dir, 'state') });
    expect(r.code, r.stderr).toBe(2);
    report = readReport(json);
    // A fresh profile every time: nothing cached or remembered between runs.
    ctx = await chromium.launchPersistentContext(tempDir('chromium'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await t?.stop();
  });

  async function open(path: string): Promise<Opened> {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) problems.push(`network request: ${req.url()}`);
    });
    await page.goto(pathToFileURL(path).href);
    await page.locator('#shown').filter({ hasText: 'devices' }).waitFor();
    return { page, problems };
  }
  const visibleRows = (page: Page): Promise<string[]> => page.locator('#tbody tr:visible').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host') ?? ''));

  it('shows the same numbers as the JSON report: hosts per status, causes and their devices', async () => {
    const { page, problems } = await open(htmlPath);
    expect(await page.locator('#count-hosts .n').textContent()).toBe(String(report.summary['hosts']));
    for (const s of ['ok', 'changed', 'pending', 'action_required', 'failed', 'unreachable', 'skipped']) {
      expect(await page.locator(`#count-${s} .n`).textContent(), s).toBe(String(report.summary[s]));
    }
    expect(await page.locator('#exit-code').textContent()).toBe(String(report.exit_code));
    expect(report.causes.length).toBeGreaterThan(5);
    expect(await page.locator('#causes > li').count()).toBe(report.causes.length);
    for (const [i, c] of report.causes.entries()) {
      const li = page.locator(`#causes > li[data-cause="${i}"]`);
      expect(await li.locator('.cnt').textContent()).toBe(`${c.hosts.length} device${c.hosts.length === 1 ? '' : 's'}`);
      expect(await li.locator('.hosts').textContent()).toBe(c.hosts.join(', '));
    }
    expect(await page.locator('#tbody tr').count()).toBe(report.hosts.length);
    expect(await page.locator('#shown').textContent()).toBe(`${report.hosts.length} of ${report.hosts.length} devices`);
    // Rows in natural name order, whatever order the hosts ran in.
    const names = await visibleRows(page);
    expect(names).toEqual([...names].sort());
    await page.screenshot({ path: join(SHOTS, 'html-report-overview.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('narrows the matrix with each filter: status, cause, group and free text', async () => {
    const { page, problems } = await open(htmlPath);
    await page.selectOption('#f-status', 'action_required');
    const ar = report.hosts.filter((h) => h.status === 'action_required').map((h) => h.name);
    expect((await visibleRows(page)).sort()).toEqual(ar.sort());
    expect(await page.locator('#shown').textContent()).toBe(`${ar.length} of ${report.hosts.length} devices`);
    await page.screenshot({ path: join(SHOTS, 'html-report-filter-status.png') });

    await page.click('#f-reset');
    const biggest = report.causes[0] as Report['causes'][number];
    await page.click('[data-show-cause="0"]');
    expect(await visibleRows(page)).toEqual(biggest.hosts);

    await page.click('#f-reset');
    await page.selectOption('#f-group', 'region_eu');
    const eu = t.lab.devices.filter((d) => d.region === 'eu').map((d) => d.name);
    expect(eu.length).toBeGreaterThan(0);
    expect((await visibleRows(page)).sort()).toEqual(eu.sort());

    await page.click('#f-reset');
    const unreachable = report.hosts.find((h) => h.status === 'unreachable');
    await page.fill('#f-text', unreachable?.address ?? 'none');
    expect(await visibleRows(page)).toEqual([unreachable?.name]);
    await page.fill('#f-text', 'no-such-device-anywhere');
    expect(await visibleRows(page)).toEqual([]);
    expect(await page.locator('#shown').textContent()).toBe(`0 of ${report.hosts.length} devices`);
    expect(problems).toEqual([]);
  });

  it("drills down into a device: each step's check command and output, the fix planned, the remedy, timings", async () => {
    const { page, problems } = await open(htmlPath);
    const egress = t.withFault('egress-blocked')[0] as string;
    const dns = t.withFault('no-dns')[0] as string;
    await page.click(`#tbody tr[data-host="${egress}"]`);
    expect(await page.locator('#detail-host').textContent()).toBe(egress);
    const host = report.hosts.find((h) => h.name === egress);
    const step = host?.steps.find((s) => s.status === 'action_required');
    expect(step?.remedy).toBeTruthy();
    const box = page.locator(`#detail .step[data-step="${step?.id}"]`);
    expect(await box.locator('pre.cmd').textContent()).toBe(`$ ${step?.check?.command}`);
    expect(await box.locator('pre.out').textContent()).toBe(step?.check?.output);
    expect(await box.locator('pre.remedy').textContent()).toBe(step?.remedy);
    // Nothing half-rendered: no "null" or "undefined" where a value was missing.
    expect(await page.locator('#detail').textContent()).not.toMatch(/null|undefined/);
    await page.screenshot({ path: join(SHOTS, 'html-report-device.png') });

    await page.click(`#tbody tr[data-host="${dns}"]`);
    const fix = report.hosts.find((h) => h.name === dns)?.steps.find((s) => s.id === 'dns-configured');
    const dnsBox = page.locator('#detail .step[data-step="dns-configured"]');
    expect(await dnsBox.textContent()).toContain('fix that would be sent:');
    expect(await dnsBox.locator('pre.fix').textContent()).toBe(fix?.fix?.commands.join('\n'));
    expect(problems).toEqual([]);
  });

  it('carries no secret: not in the file, not in the DOM, not in the visible text', async () => {
    const { page, problems } = await open(htmlPath);
    // Every device's drill-down rendered once, so the DOM holds all of the page's data.
    for (const name of report.hosts.map((h) => h.name)) await page.click(`#tbody tr[data-host="${name}"]`);
    expect(await page.content()).not.toContain(LAB_PASSWORD);
    expect(await page.locator('body').innerText()).not.toContain(LAB_PASSWORD);
    expect(problems).toEqual([]);
  });

  it('shows a saved plan (`firemend show --html PLAN`) with the commands apply would send', async () => {
    const r = await runCli(['show', '--html', planPath]);
    expect(r.code, r.stderr).toBe(0);
    const planHtml = join(t.dir, 'plan.html');
    writeFileSync(planHtml, r.stdout);
    const { page, problems } = await open(planHtml);
    expect(await page.locator('#count-hosts .n').textContent()).toBe(String(report.summary['hosts']));
    expect(await page.locator('#count-pending .n').textContent()).toBe(String(report.summary['pending']));
    expect(await page.locator('#causes > li').count()).toBe(report.causes.length);
    const dns = t.withFault('no-dns')[0] as string;
    await page.click(`#tbody tr[data-host="${dns}"]`);
    expect(await page.locator('#detail .step[data-step="dns-configured"] pre.fix').textContent()).toMatch(/^configure network dns servers /);
    await page.screenshot({ path: join(SHOTS, 'html-plan.png') });
    expect(r.stdout).not.toContain(LAB_PASSWORD);
    expect(problems).toEqual([]);
  });

  it('stays readable at 320 devices: every row, the same causes scaled, a working filter, a scrolling matrix', async () => {
    // The lab run's devices, each repeated 20 times under new names: a fleet of 320 with real outputs.
    const base = JSON.parse(readFileSync(jsonPath, 'utf8')) as FullReport;
    const rename = (n: string, k: number): string => `${n}-${String(k).padStart(2, '0')}`;
    const hosts = Array.from({ length: 20 }, (_, k) => base.hosts.map((h) => ({ ...h, name: rename(h.name, k) }))).flat();
    const camel = hosts.map((h) => ({ ...h, steps: h.steps.map((s) => (s.after_fix_of !== undefined ? { ...s, afterFixOf: s.after_fix_of } : s)) }));
    const causes = causeRecords(causesOf({ hosts: camel }));
    const count = (st: string): number => hosts.filter((h) => h.status === st).length;
    const big: FullReport = {
      ...base,
      hosts,
      causes,
      summary: { hosts: hosts.length, ok: count('ok'), changed: count('changed'), pending: count('pending'), action_required: count('action_required'), failed: count('failed'), unreachable: count('unreachable'), skipped: count('skipped') },
    };
    const path = join(t.dir, 'big.html');
    writeFileSync(path, renderHtmlReport(htmlViewOfReport(big)));
    const { page, problems } = await open(path);
    expect(await page.locator('#tbody tr').count()).toBe(320);
    expect(await page.locator('#count-hosts .n').textContent()).toBe('320');
    // Same causes as the 16-device run, each with 20 times the devices.
    expect(causes.map((c) => c.hosts.length)).toEqual(base.causes.map((c) => c.hosts.length * 20));
    expect(await page.locator('#causes > li').count()).toBe(base.causes.length);
    await page.selectOption('#f-status', 'unreachable');
    expect((await visibleRows(page)).length).toBe(count('unreachable'));
    // The matrix scrolls inside its box, its header row stays in view, and the page is as wide as the window.
    await page.locator('.matrixbox').evaluate((b) => b.scrollBy(0, 4000));
    expect(await page.locator('.matrix th').first().isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.click('#f-reset');
    await page.screenshot({ path: join(SHOTS, 'html-report-320.png') });
    expect(problems).toEqual([]);
  });
});
