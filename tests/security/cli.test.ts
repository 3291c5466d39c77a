// `solidata import` given hostile files, as a person types it: each refused in French with the
// file named and what to do, the command ending normally; what it writes is private.
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solidataCli, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { hugeLineCsv, SLS, slsRow, zipBombXlsx } from '../helpers/hostile.ts';

describe('solidata import of hostile files', () => {
  it('refuses a zip bomb and a huge CSV record in French, then loads a good file into a private warehouse', async () => {
    const files = tempDir('solidata-cli-hostile-');
    const dataDir = path.join(tempDir('solidata-cli-data-'), 'donnees');
    const bomb = await zipBombXlsx(files, 300, 1000);
    const refusedBomb = await solidataCli(['import', 'sls_demandes', bomb, '--data-dir', dataDir]);
    const bombText = refusedBomb.stdout + refusedBomb.stderr;
    expect(refusedBomb.status, bombText).not.toBe(0);
    expect(bombText).toContain('« sls_demandes_p_2025-02.xlsx » refusé');
    expect(bombText).toMatch(/une fois décompressée|se décompresse/);
    expect(bombText).not.toMatch(/heap|FATAL|at .*\.ts:\d+/);

    const line = await solidataCli(['import', 'sls_demandes', hugeLineCsv(files), '--data-dir', dataDir]);
    const lineText = line.stdout + line.stderr;
    expect(line.status, lineText).not.toBe(0);
    expect(lineText).toContain('ligne 3 : enregistrement de plus de 2 Mo');

    const good = writeDelivery(files, 'sls_demandes_bon_2025-03.csv', [SLS, slsRow('1'), slsRow('2')].map((r) => r.join(';')));
    const loaded = await solidataCli(['import', 'sls_demandes', good, '--data-dir', dataDir]);
    expect(loaded.status, loaded.stdout + loaded.stderr).toBe(0);
    const mode = (f: string) => statSync(f).mode & 0o777;
    expect(mode(dataDir)).toBe(process.getuid?.() === 0 ? 0o711 : 0o700);
    expect(mode(path.join(dataDir, 'warehouse.duckdb'))).toBe(0o600);
  }, 300_000);
});
