import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDialect, hashFile } from '../../pipelines/ingest/read.ts';
import { parseDeliveryName } from '../../pipelines/ingest/delivery.ts';
import { tempDir, writeDelivery } from '../helpers/fixtures.ts';

describe('reading partners’ files', () => {
  it('detects Windows-1252 and transcodes €, œ, — and ’ correctly (not as Latin-1)', async () => {
    const dir = tempDir();
    const file = writeDelivery(dir, 'x.csv', ['nom,Q1 – l’aide ?', 'Cœur — l’aide à 12 €,autre'], 'windows-1252');
    const dialect = detectDialect(file);
    expect(dialect).toMatchObject({ encoding: 'windows-1252', delimiter: ',' });
    expect(dialect.header.join('|').toLowerCase()).toBe('nom|q1 – l’aide ?');
    const out = path.join(dir, 'out.csv');
    await hashFile(file, { transcodeTo: out });
    expect(readFileSync(out, 'utf8')).toContain('Cœur — l’aide à 12 €');
  });

  it('reads UTF-8 with a BOM and a semicolon separator', () => {
    const dir = tempDir();
    const file = writeDelivery(dir, 'x.csv', ['\ufeffSite_ID;Nom', 'A;Blois']);
    expect(detectDialect(file)).toMatchObject({ encoding: 'utf-8', delimiter: ';', header: ['Site_ID', 'Nom'] });
  });

  it('reads source, producer and period from the file name', () => {
    expect(parseDeliveryName('/x/sls_demandes_departement-41_2025-06.csv')).toEqual({ source: 'sls_demandes', producteur: 'departement-41', periode: '2025-06' });
    expect(parseDeliveryName('sites_2025.csv')).toEqual({ source: 'sites', producteur: undefined, periode: '2025' });
    expect(parseDeliveryName('export.csv')).toEqual({});
  });
});
