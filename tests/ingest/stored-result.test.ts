// An import's result kept in Postgres (an upload's summary, a job's history) reads the same whether it
// was written before its fields were named in English or after: an upload validated before an upgrade
// and confirmed after shows its figures, not blanks.
import { describe, expect, it } from 'vitest';
import { storedImportResult, type ImportResult } from '../../pipelines/ingest/delivery.ts';

const now: ImportResult = {
  deliveryId: 'consultation_mon-avis_abc', source: 'consultation', producer: 'mon-avis', period: '2025', rows: 1234,
  extractionDate: '2025-04-13', replaced: 1, unchanged: false, notes: ['9 réponses nettoyées'],
};
const before = {
  livraisonId: 'consultation_mon-avis_abc', source: 'consultation', producteur: 'mon-avis', periode: '2025', lignes: 1234,
  dateExtraction: '2025-04-13', remplace: 1, inchange: false, notes: ['9 réponses nettoyées'],
};

describe('an import result read back from Postgres', () => {
  it('reads a record with English keys as it is', () => {
    expect(storedImportResult(JSON.parse(JSON.stringify(now)))).toEqual(now);
  });

  it('reads a record written before the keys were English the same way', () => {
    expect(storedImportResult(JSON.parse(JSON.stringify(before)))).toEqual(now);
    expect(storedImportResult({ ...before, inchange: true })?.unchanged).toBe(true);
  });

  it('has nothing to read in nothing', () => {
    expect(storedImportResult(undefined)).toBeUndefined();
    expect(storedImportResult(null)).toBeUndefined();
  });
});
