// A cumulative re-export of a questionnaire: the import report says how many respondents were
// already loaded from an earlier export of the same questionnaire, and only those.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../pipelines/ingest/import.ts';
import { openWarehouse, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir, writeDelivery } from '../helpers/fixtures.ts';

const HEADER = 'reponse_id;date_reponse;code_postal;profil;tranche_age;Q1 - Avez-vous renoncé à un droit ?';
const row = (id: string, date: string) => `${id};${date};41000;usager;25_39;Oui`;
const questionnaire = (id: string, q: string) => `questionnaire: ${id}\ntitre: Test\nquestions:\n  - {id: ${q}, type: choix_unique, reponses: [Oui, Non]}\n`;

describe('re-exports of a questionnaire', () => {
  let db: Database | undefined;
  afterAll(() => db?.close());

  it('reports the respondents an earlier export of the same questionnaire already gave, not those of another questionnaire', async () => {
    db = await openWarehouse(':memory:');
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.yaml'), questionnaire('consult-a', 'Q1'));
    writeFileSync(path.join(dir, 'b.yaml'), questionnaire('consult-b', 'Q7'));
    const load = (name: string, lines: string[]) => importFile(db!.connection, writeDelivery(dir, name, lines), {
      source: 'consultation', pseudonymKey: 'clé', tmpDir: path.join(dir, 'tmp'), questionnairesDir: dir,
    });
    const first = await load('consultation_mon-avis_2025-03.csv', [HEADER, row('R1', '2025-03-02'), row('R2', '2025-03-03'), row('R3', '2025-03-04')]);
    expect(first.notes.join('\n')).not.toContain('déjà chargé');
    // Another questionnaire numbered from R1 too: nothing in common.
    const other = await load('consultation_autre_2025-03.csv', [HEADER.replace('Q1 -', 'Q7 -'), row('R1', '2025-03-05'), row('R2', '2025-03-05')]);
    expect(other.notes.join('\n')).not.toContain('déjà chargé');
    // The April export of the first questionnaire repeats R1 and R2, and adds R4.
    const again = await load('consultation_mon-avis_2025-04.csv', [HEADER, row('R1', '2025-03-02'), row('R2', '2025-03-03'), row('R4', '2025-04-01')]);
    expect(again.notes.join('\n')).toContain('2 répondant(s) déjà chargé(s) par un export précédent du même questionnaire');
  });
});
