// The engagements file (DIR/engagements.yaml) in the warehouse: ref.engagements, one row each,
// and ref.engagements_niveaux, where each applies. Every version of the file that was loaded is
// kept in meta.engagements_versions, so a changed target leaves a trace. The statuses are
// computed at publication (sql/publish/engagements.sql), from the published figures.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Paths } from '../config.ts';
import { endOf, engagementsFile, readEngagements, type Engagement } from '../engagements/schema.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import type { Asset } from './asset.ts';
import { hashText } from './sql_model.ts';

const NIVEAU_OF: Record<string, string> = { departement: 'departement', territoires: 'territoire', sites: 'site', communes: 'commune' };

// The file's hash when it was last loaded, beside it: the asset is stale when the file changed.
const stampFile = (paths: Paths) => path.join(paths.dataDir, 'engagements-charges.txt');
const fileHash = (paths: Paths) => {
  const file = engagementsFile(paths);
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'aucun';
};

/** Where an engagement applies, as (niveau, code) pairs; a null code is every place of that level. */
export function placesOf(e: Engagement): { niveau: string; code: string | null }[] {
  return e.niveaux.map((n) => (typeof n === 'string' ? { niveau: NIVEAU_OF[n], code: null } : { niveau: n.niveau, code: n.code }));
}

export function engagementsAsset(): Asset {
  return {
    name: 'ref.engagements',
    description: 'Les engagements du schéma (fichier engagements.yaml du dossier de données) : cible, sens, échéance, référence, fiche action et service ; ref.engagements_niveaux dit où chacun s’applique.',
    // The check reads marts.catalogue.
    upstream: ['marts.catalogue'],
    provides: ['ref.engagements_niveaux'],
    columns: {
      engagement: 'Identifiant de l’engagement.', titre: 'L’engagement, tel que voté.', fiche_numero: 'Numéro de la fiche action.',
      fiche_titre: 'Titre de la fiche action.', indicateur: 'L’indicateur qui le mesure.', dimension: 'Ventilation (vide : total).',
      modalite: 'Modalité (vide : total).', pas: 'Périodes suivies (mois, annee, date ; vide : par défaut).', cible: 'Valeur à atteindre.',
      sens: 'au_moins ou au_plus.', echeance: 'Échéance telle qu’écrite.', echeance_fin: 'Dernier jour de l’échéance.',
      reference_valeur: 'Valeur de départ donnée (vide : première période publiée).', reference_periode: 'Période de départ donnée.',
      reference_fin: 'Dernier jour de la période de départ.', service: 'Service chargé.', ordre: 'Rang dans le fichier.',
      // ref.engagements_niveaux
      niveau: 'Niveau où l’engagement s’applique (departement, territoire, site, commune).',
      code: 'Code du lieu (vide : chaque lieu de ce niveau ; pour le département, celui qui est observé).',
    },
    codeHash: hashText(readFileSync(new URL(import.meta.url), 'utf8') + readFileSync(new URL('../engagements/schema.ts', import.meta.url), 'utf8')),
    checks: [{
      name: 'indicateur connu',
      sql: 'SELECT engagement, indicateur FROM ref.engagements WHERE indicateur NOT IN (SELECT indicateur FROM marts.catalogue) LIMIT 5',
      message: 'un engagement se mesure par un indicateur qui n’existe pas (voir le catalogue) : corrigez « indicateur » dans engagements.yaml',
    }],
    pending: ({ paths }) => (existsSync(stampFile(paths)) ? readFileSync(stampFile(paths), 'utf8') : '') !== fileHash(paths),
    async materialise(ctx) {
      const file = engagementsFile(ctx.paths);
      const engagements = readEngagements(file);
      const hash = fileHash(ctx.paths);
      const db = await ctx.warehouse();
      await db.run('CREATE SCHEMA IF NOT EXISTS ref');
      await db.run('CREATE SCHEMA IF NOT EXISTS meta');
      await db.run(`CREATE OR REPLACE TABLE ref.engagements (engagement VARCHAR, titre VARCHAR, fiche_numero VARCHAR, fiche_titre VARCHAR,
        indicateur VARCHAR, dimension VARCHAR, modalite VARCHAR, pas VARCHAR, cible DOUBLE, sens VARCHAR, echeance VARCHAR, echeance_fin DATE,
        reference_valeur DOUBLE, reference_periode VARCHAR, reference_fin DATE, service VARCHAR, ordre INTEGER)`);
      await db.run('CREATE OR REPLACE TABLE ref.engagements_niveaux (engagement VARCHAR, niveau VARCHAR, code VARCHAR)');
      for (const [ordre, e] of engagements.entries()) {
        await db.run('INSERT INTO ref.engagements VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::DATE, $13, $14, $15::DATE, $16, $17)', [
          e.id, e.titre, e.fiche.numero, e.fiche.titre, e.indicateur, e.dimension, e.modalite, e.pas ?? null, e.cible, e.sens,
          e.echeance, endOf(e.echeance), e.reference?.valeur ?? null, e.reference?.periode ?? null,
          e.reference ? endOf(e.reference.periode) : null, e.service, ordre + 1,
        ] as never);
        for (const p of placesOf(e)) await db.run('INSERT INTO ref.engagements_niveaux VALUES ($1, $2, $3)', [e.id, p.niveau, p.code] as never);
      }
      // A trace of every version loaded: who changed a target, and when, is read from here.
      await db.run('CREATE TABLE IF NOT EXISTS meta.engagements_versions (sha256 VARCHAR, chargee_le TIMESTAMPTZ, engagements INTEGER, contenu VARCHAR)');
      const [last] = await queryRows<{ sha256: string }>(db, 'SELECT sha256 FROM meta.engagements_versions ORDER BY chargee_le DESC LIMIT 1');
      if (last?.sha256 !== hash) {
        await db.run('INSERT INTO meta.engagements_versions VALUES ($1, now(), $2, $3)',
          [hash, engagements.length, existsSync(file) ? readFileSync(file, 'utf8') : ''] as never);
      }
      writeFileSync(stampFile(ctx.paths), hash);
      return { rows: engagements.length };
    },
  };
}
