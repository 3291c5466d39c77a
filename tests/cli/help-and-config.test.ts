import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { crontabOf, loadConfig } from '../../pipelines/settings.ts';
import { tempDir } from '../helpers/fixtures.ts';

const solidata = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), ...args], { cwd: projectRoot, encoding: 'utf8' });

describe('the command line', () => {
  it('explains every command in French with --help, and refuses an unknown one', () => {
    const help = solidata('--help');
    expect(help.status).toBe(0);
    for (const command of ['run', 'start', 'import', 'status', 'history', 'lineage', 'materialize', 'worker', 'demo', 'opendata', 'federation']) {
      expect(help.stdout).toContain(`solidata ${command}`);
    }
    expect(help.stdout).toContain('--data-dir DIR');
    const unknown = solidata('publier');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Commande inconnue : publier');
  });

  it('checks the configuration file and says what is wrong in French', () => {
    const file = path.join(tempDir(), 'solidata.config.yaml');
    writeFileSync(file, 'planification:\n  rafraichissement: "tous les jours"\nsecret_statistique:\n  seuil: 0\n');
    expect(() => loadConfig(file)).toThrow('« planification.rafraichissement » : attendu : une expression cron');
    expect(() => loadConfig(file)).toThrow('« secret_statistique.seuil » : attendu : au moins 1');
    // Five fields is not enough: each must be in its range, as graphile-worker will read it.
    writeFileSync(file, 'planification:\n  publication: "0 25 1 * *"\n');
    expect(() => loadConfig(file)).toThrow('« planification.publication » : attendu : une expression cron à 5 champs');
    writeFileSync(file, 'planification:\n  rafraichissement: "30 2 * * 1"\n');
    const config = loadConfig(file);
    expect(config.secret_statistique).toEqual({ seuil: 11, largeur_min: 3 });
    writeFileSync(file, 'secret_statistique:\n  largeur_min: 0\n');
    expect(() => loadConfig(file)).toThrow('« secret_statistique.largeur_min » : attendu : au moins 1');
    expect(crontabOf(config).split('\n')).toEqual([
      '30 2 * * 1 planifier ?id=rafraichissement&queue=entrepot&jobKey=planifier&max=1',
      '0 6 1 * * planifier ?id=publication&fill=32d&queue=entrepot&jobKey=planifier-publication&max=1 {cible:"publication"}',
    ]);
    // The file shipped with the project is valid, with both schedules.
    expect(loadConfig().planification).toEqual({ rafraichissement: '0 3 * * *', publication: '0 6 1 * *' });
  });
});
