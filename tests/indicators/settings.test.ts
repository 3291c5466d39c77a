// The list of jobs that carry a caseload (file_active_par_etp's denominator) is a checked setting.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CASELOAD_JOBS, loadConfig } from '../../pipelines/settings.ts';
import { tempDir } from '../helpers/fixtures.ts';

describe('moyens.metiers_file_active', () => {
  it('defaults to the jobs that follow people, as the shipped file says', () => {
    expect(loadConfig().moyens.metiers_file_active).toEqual(DEFAULT_CASELOAD_JOBS);
    const file = path.join(tempDir(), 'solidata.config.yaml');
    writeFileSync(file, 'secret_statistique:\n  seuil: 11\n');
    expect(loadConfig(file).moyens.metiers_file_active).toEqual(['assistant_social', 'cesf', 'conseiller_insertion', 'puericultrice']);
  });

  it('refuses a job the effectifs format does not know, and an empty list', () => {
    const file = path.join(tempDir(), 'solidata.config.yaml');
    writeFileSync(file, 'moyens:\n  metiers_file_active: [assistante_sociale]\n');
    expect(() => loadConfig(file)).toThrow('« moyens.metiers_file_active.0 »');
    writeFileSync(file, 'moyens:\n  metiers_file_active: []\n');
    expect(() => loadConfig(file)).toThrow('« moyens.metiers_file_active »');
  });
});
