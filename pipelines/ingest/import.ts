// One delivery in: read (prepare.ts: dialect, encoding, workbook, hash) → check (layout.ts: the
// header against the contract; find_questionnaire.ts; check.ts for the detailed report) → load
// (load.ts: one transaction, or nothing). A delivery is loaded whole or refused whole: a refusal
// is a RefusedDelivery, with every reason found, in French.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { contractFor, contracts } from '../contracts/index.ts';
import { log } from '../log.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import { detailedChecks } from './check.ts';
import { prepareCog } from './communes.ts';
import { parseDeliveryName, type ImportOptions, type ImportResult } from './delivery.ts';
import { findQuestionnaire } from './find_questionnaire.ts';
import { prepareIdentifierMacros } from './identifiers.ts';
import { layoutOf } from './layout.ts';
import { READ_LIMITS } from './limits.ts';
import { loadOrExplain } from './load.ts';
import { prepareDelivery, stage, type Prepared } from './prepare.ts';
import { RefusedDelivery, refuse } from './problems.ts';
import { createTables } from './tables.ts';

export type { ImportOptions, ImportResult } from './delivery.ts';

export async function importFile(connection: DuckDBConnection, file: string, options: ImportOptions): Promise<ImportResult> {
  const named = parseDeliveryName(file, options.source);
  const source = options.source ?? named.source;
  const contract = source ? contractFor(source) : undefined;
  if (!contract) {
    return refuse(file, {
      message: source ? `source « ${source} » inconnue` : 'impossible de savoir de quelle source vient ce fichier',
      hint: `Nommez le fichier <source>_<producteur>_<periode>.csv, déposez-le dans le dossier de sa source ou précisez la source ; sources connues : ${Object.keys(contracts).join(', ')}.`,
    });
  }
  if (!/\.(csv|txt|xlsx)$/i.test(file)) {
    return refuse(file, { message: `extension « ${path.extname(file) || 'aucune'} » non lue`, expected: 'un fichier .csv ou .xlsx', hint: 'Enregistrez le fichier au format CSV (point-virgule) ou XLSX et renvoyez-le.' });
  }
  const limits = { ...READ_LIMITS, ...options.limits };
  const dateExtraction = options.dateExtraction ? isoDate(file, options.dateExtraction) : undefined;
  mkdirSync(options.tmpDir, { recursive: true });
  const temporary: string[] = [];
  const notes: string[] = [];
  let prepared: Prepared | undefined;
  try {
    // Read.
    const t0 = Date.now();
    prepared = await prepareDelivery(file, contract, options.tmpDir, temporary, notes, limits);
    if (prepared.empty) return refuse(file, { message: 'aucune ligne de données sous l’en-tête', hint: 'Vérifiez l’export : le fichier doit contenir une ligne par enregistrement sous la ligne d’en-tête.' });

    // Check the header.
    const questionnaire = contract.questions ? findQuestionnaire(file, prepared.header, options) : undefined;
    const { layout, problems: headerProblems } = layoutOf(contract, prepared.header, questionnaire, options.extraColumns);
    await prepareCog(connection);
    await prepareIdentifierMacros(connection);
    if (headerProblems.length > 0) {
      // Say everything at once: the cells of the columns that are there are checked too.
      await stage(connection, file, prepared, layout);
      const findings = await detailedChecks(connection, layout, await prepared.lines());
      throw new RefusedDelivery(file, [...headerProblems, ...findings.problems], findings.totals);
    }
    const ignored = layout.extra.map((e) => e.header).filter(Boolean);
    if (ignored.length > 0) notes.push(`Colonnes inconnues du format « ${contract.source} », non chargées : ${ignored.join(', ')}.`);

    // Load (the cells are checked as they are loaded).
    await createTables(connection, contract);
    const producteur = options.producteur ?? named.producteur ?? 'inconnu';
    const periodeWanted = options.periode ?? named.periode;
    const { sha256 } = prepared;
    // Whether this very file is already loaded is known once it is hashed, which runs alongside the load.
    const alreadyLoaded = async (): Promise<ImportResult | undefined> => {
      const same = await queryRows<{ livraison_id: string; producteur: string; periode: string; lignes: string; date_extraction: string | null; recue_le: string }>(
        connection,
        `SELECT livraison_id, producteur, periode, lignes, date_extraction::VARCHAR AS date_extraction, strftime(recue_le, '%d/%m/%Y à %H:%M') AS recue_le
         FROM meta.livraisons WHERE active AND source = $source AND sha256 = $sha`,
        { source: contract.source, sha: await sha256 },
      );
      const already = same.find((s) => s.producteur === producteur && (!periodeWanted || s.periode === periodeWanted));
      return already && {
        deliveryId: already.livraison_id, source: contract.source, producer: producteur, period: already.periode, rows: Number(already.lignes),
        extractionDate: already.date_extraction, replaced: 0, unchanged: true,
        notes: [`Ce fichier est déjà chargé à l’identique (reçu le ${already.recue_le}) : rien n’a changé.`],
      };
    };
    if (producteur === 'inconnu') notes.push('Producteur non précisé (ni dans le nom du fichier, ni dans le champ « Producteur » ou l’option --producteur) : « inconnu » retenu.');

    const deliveryId = `${contract.source}_${producteur}_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
    log.debug(`import : prêt à charger (${prepared.encoding}) ${Date.now() - t0} ms`);
    const outcome = await loadOrExplain(connection, file, prepared, layout, {
      deliveryId, producteur, periode: periodeWanted, dateExtraction, key: options.pseudonymKey, notes,
      fichier: path.basename(file), sha256, encodage: prepared.encoding, alreadyLoaded,
    });
    if (outcome.kind === 'unchanged') return outcome.same;
    return { deliveryId, source: contract.source, producer: producteur, unchanged: false, notes, ...outcome.delivered };
  } finally {
    // No reading of the file outlives the import (it may be moved or deleted next).
    await prepared?.sha256.catch(() => undefined);
    await connection.run('DROP TABLE IF EXISTS incoming_raw');
    for (const t of temporary) rmSync(t, { force: true });
  }
}

function isoDate(file: string, value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : [];
  const date = y ? new Date(`${y}-${m}-${d}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) {
    return refuse(file, { message: `date d’extraction « ${value} » non valide`, expected: 'une date AAAA-MM-JJ ou JJ/MM/AAAA', hint: 'Corrigez la date d’extraction donnée avec le fichier.', cliHint: '(option --date-extraction)' });
  }
  return `${y}-${m}-${d}`;
}
