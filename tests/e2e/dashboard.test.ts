// The README's first command, end to end: the shared build (made by `solidata run` with the
// network cut), then `solidata start` serving it, read in headless Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { launchChromium } from '../helpers/browser.ts';
import { demoLines, demoRequests, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { inboxDir } from '../../pipelines/ingest/inbox.ts';
import { median, waitsBySite } from '../helpers/median.ts';

const fr = (v: number) => v.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'start', '--data-dir', dataDir, '--port', String(port)], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const address = /Tableau de bord en ligne : (http:\/\/\S+)/.exec(output)?.[1];
      if (address) resolve({ child, address, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`solidata start s’est arrêté (code ${code}) :\n${output}`)));
  });
}

describe('the dashboard of the demo, in a real browser', () => {
  const dataDir = inject('dataDir');
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer(dataDir, 3000 + Math.floor(Math.random() * 2000));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGKILL');
  });

  it('was built by `solidata run` with the network cut, from the published database only', () => {
    const paths = pathsFor(dataDir);
    expect(existsSync(paths.published)).toBe(true);
    expect(existsSync(path.join(paths.dashboardDir, 'index.html'))).toBe(true);
    if (!process.env.SOLIDATA_TEST_DATA_DIR) expect(inject('networkCut')).toBe(true);
  });

  it('shows the median wait by site, equal to the value computed from the demo file, with no request leaving the machine', async () => {
    // Listening on the context also catches the requests of the page's workers (DuckDB-Wasm).
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.address, { waitUntil: 'networkidle' });

    const expected = waitsBySite(demoRequests);
    const blois = page.locator('[data-site="MDS-BLOIS"] td.valeur');
    await expect.poll(() => blois.textContent(), { timeout: 30_000 }).toBe(fr(median(expected.get('MDS-BLOIS')!)));
    // A site with fewer than 11 requests behind its figure is masked, not shown as 0 or blank.
    expect(await page.locator('[data-site="ANT-SALBRIS"] td.valeur').textContent()).toBe('secret statistique');
    const all = [...expected.values()].flat();
    expect(await page.getByTestId('delai-departement').textContent()).toBe(`${fr(median(all))} jours`);
    expect(await page.getByTestId('date-donnees').textContent()).toBe('30 juin 2025');
    await expect.poll(() => page.locator('text=Loading').count()).toBe(0);

    const origin = new URL(server.address).origin;
    const outside = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes a delivery dropped in the inbox to the published figures and the page, on its own', async () => {
    // Every other request of the demo, delivered again by the same producer for the same period.
    const lines = demoLines(demoRequests).filter((_, i) => i === 0 || i % 2 === 1);
    const file = writeDelivery(tempDir(), path.basename(demoRequests), lines);
    const expected = fr(median(waitsBySite(file).get('MDS-BLOIS')!));
    expect(expected).not.toBe(fr(median(waitsBySite(demoRequests).get('MDS-BLOIS')!)));
    copyFileSync(file, path.join(inboxDir(pathsFor(dataDir), 'sls_demandes'), path.basename(file)));

    const page = await browser.newPage();
    const blois = async () => {
      await page.goto(server.address, { waitUntil: 'networkidle' });
      return page.locator('[data-site="MDS-BLOIS"] td.valeur').textContent();
    };
    await expect.poll(blois, { timeout: 240_000, interval: 3_000 }).toBe(expected);
    await page.close();
    expect(server.output()).toContain('Nouveau fichier dans la boîte de dépôt');
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
