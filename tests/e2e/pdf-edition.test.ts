// solidata pdf --edition: a frozen edition printed from a dashboard of its own, on a copy of the shared
// dashboard's data directory, its workshop included: the edition's dashboard reuses its bundles and only
// prerenders its pages. The edition is frozen, then today's engagements change (a target of 12 days becomes 9) and are
// published: the edition's PDF, read back with poppler's pdftotext, names the edition on its cover and
// in its footers and shows the edition's target, not today's. Unknown, modified and not yet published
// editions are refused in French, before anything is built.
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, type Paths } from '../../pipelines/config.ts';
import { editionBuildDir, editionDashboardsDir } from '../../pipelines/dashboard/edition.ts';
import { engagementsFile } from '../../pipelines/engagements/schema.ts';
import { listEditions } from '../../pipelines/publish/editions.ts';
import { copyDataDirectory, readDuckdb as read, solidataCli, tempDir } from '../helpers/fixtures.ts';
import { sharedDashboard } from '../helpers/shared-dashboard.ts';

function pdfText(file: string, first?: number, last?: number): string {
  const range = first ? ['-f', String(first), '-l', String(last ?? first)] : [];
  const result = spawnSync('pdftotext', [...range, '-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`pdftotext : ${result.stderr}`);
  return result.stdout.replace(/[\u00a0\u202f\s]+/g, ' ').trim();
}

function sheets(file: string): number {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1]);
}

const longDate = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const TARGET = `SELECT DISTINCT cible FROM engagements WHERE engagement = 'delai-median-12-jours'`;

let paths: Paths;
beforeAll(async () => {
  paths = pathsFor(await copyDataDirectory(await sharedDashboard(), 'solidata-pdf-edition-', { atelier: true }));
  const frozen = await solidataCli(['freeze', 'vote-2026-01', '--data-dir', paths.dataDir]);
  expect(frozen.status, frozen.stderr + frozen.stdout).toBe(0);
  // Today's figures move on after the vote: the target is lowered and published.
  const file = engagementsFile(paths);
  writeFileSync(file, readFileSync(file, 'utf8').replace('    cible: 12\n', '    cible: 9\n'));
  const run = await solidataCli(['run', '--sans-tableau', '--data-dir', paths.dataDir]);
  expect(run.status, run.stderr + run.stdout).toBe(0);
}, 600_000);

describe('solidata pdf --edition', () => {
  it('refuses an unknown, a modified or a not yet published edition, in French, before building anything', async () => {
    const unknown = await solidataCli(['pdf', '--edition', 'inconnue', '--data-dir', paths.dataDir]);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout + unknown.stderr).toMatch(/aucune édition gelée « inconnue ».*éditions : vote-2026-01/s);

    // Frozen after the last publication: its cells are not yet protected with today's secrecy.
    expect((await solidataCli(['freeze', 'apres-coup', '--data-dir', paths.dataDir])).status).toBe(0);
    const unpublished = await solidataCli(['pdf', '--edition', 'apres-coup', '--data-dir', paths.dataDir]);
    expect(unpublished.status).toBe(1);
    expect(unpublished.stdout + unpublished.stderr).toMatch(/« apres-coup » n’est pas encore dans la base publiée : lancez « solidata run »/);

    expect((await solidataCli(['freeze', 'retouchee', '--data-dir', paths.dataDir])).status).toBe(0);
    const copy = path.join(paths.dataDir, 'editions', 'retouchee', 'published.duckdb');
    chmodSync(copy, 0o644);
    appendFileSync(copy, 'x');
    const modified = await solidataCli(['pdf', '--edition', 'retouchee', '--data-dir', paths.dataDir]);
    expect(modified.status).toBe(1);
    expect(modified.stdout + modified.stderr).toMatch(/« retouchee » a été modifiée depuis son gel/);
    expect(existsSync(path.join(editionDashboardsDir(paths), 'constructions'))).toBe(false);
  }, 300_000);

  it('prints the edition’s figures, its name on the cover and in every footer', async () => {
    // Today's target and the edition's differ: the test tells them apart.
    expect(await read(paths.published, TARGET)).toEqual([{ cible: 9 }]);
    expect(await read(paths.published, `SELECT DISTINCT cible FROM engagements_editions WHERE edition = 'vote-2026-01' AND engagement = 'delai-median-12-jours'`)).toEqual([{ cible: 12 }]);

    const out = path.join(tempDir(), 'edition.pdf');
    const printed = await solidataCli(['pdf', '--edition', 'vote-2026-01', '--sortie', out, '--data-dir', paths.dataDir]);
    expect(printed.status, printed.stderr + printed.stdout).toBe(0);
    // Same code as the data directory's dashboard: its bundles are reused, the pages only prerendered.
    expect(printed.stdout + printed.stderr).toMatch(/paquets de pages et de composants repris du tableau de bord/);
    expect(printed.stdout + printed.stderr).toMatch(/paquets des pages et composants repris/);
    expect(existsSync(path.join(editionBuildDir(paths, 'vote-2026-01'), 'dashboard-atelier'))).toBe(false);
    const frozenOn = longDate(listEditions(paths).find((e) => e.edition === 'vote-2026-01')!.gelee_le);
    const label = `Édition « vote-2026-01 », chiffres gelés le ${frozenOn}`;

    const cover = pdfText(out, 1);
    expect(cover).toContain('DOCUMENT DE SÉANCE');
    expect(cover).toContain(label);
    expect(cover).not.toContain('Chiffres publiés au');
    const total = sheets(out);
    expect(total).toBeGreaterThan(10);
    for (const sheet of [2, Math.ceil(total / 2), total]) {
      expect(pdfText(out, sheet)).toMatch(new RegExp(`Observatoire des solidarités — Loir-et-Cher — ${label} page ${sheet} / ${total}$`));
    }

    // The engagements' part shows the edition's target (at most 12 days), never today's (9 days).
    const all = pdfText(out);
    const engagement = /ramené à douze jours.{0,200}?Cible : au plus ([\d,]+) jours/.exec(all);
    expect(engagement?.[1]).toBe('12');
    expect(all).not.toMatch(/Cible : au plus 9 jours/);

    // The edition's database holds the edition's engagements in place of today's.
    const edition = await read(path.join(editionDashboardsDir(paths), 'vote-2026-01.duckdb'), TARGET);
    expect(edition).toEqual([{ cible: 12 }]);

    // Printed again with nothing changed: the edition's dashboard is reused, not rebuilt.
    const again = await solidataCli(['pdf', '--edition', 'vote-2026-01', '--sortie', path.join(tempDir(), 'encore.pdf'), '--data-dir', paths.dataDir]);
    expect(again.status, again.stderr + again.stdout).toBe(0);
    expect(again.stdout + again.stderr).not.toMatch(/Construction : /);
  }, 1_800_000);
});
