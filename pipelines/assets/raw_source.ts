// Source assets: raw.<source> holds the rows of every active delivery of one exchange format.
// Materialising one imports the files of that source waiting in the inbox (DIR/inbox/<source>/).
import type { Contract } from '../contracts/contract.ts';
import { monthOfRow, monthsOfDeliveries, rawTable } from '../contracts/sql.ts';
import { inboxFiles, makeInboxFolders, processInboxFile } from '../ingest/inbox.ts';
import type { ImportResult } from '../ingest/import.ts';
import { createTables } from '../ingest/tables.ts';
import { log } from '../log.ts';
import { queryRows } from '../warehouse/duckdb.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Asset } from './asset.ts';
import { hashText } from './sql_model.ts';
import path from 'node:path';

export { inboxFiles } from '../ingest/inbox.ts';

export function rawSourceAsset(contract: Contract): Asset {
  return {
    name: `raw.${contract.source}`,
    description: `Lignes des livraisons actives « ${contract.source} » : ${contract.row}.`,
    upstream: [],
    // A consultation also writes its answers and its questionnaire.
    provides: contract.questions ? ['raw.consultation_reponses', 'raw.questionnaires'] : [],
    codeHash: hashText(JSON.stringify(contract.columns)),
    partitioned: monthOfRow(contract) ? 'mois' : undefined,
    loadsDeliveries: true,
    checks: [],
    pending: ({ paths }) => inboxFiles(paths, contract.source).length > 0,
    async materialise(ctx) {
      makeInboxFolders(ctx.paths, [contract.source]);
      const db = await ctx.warehouse();
      await createTables(db, contract);
      const loaded: ImportResult[] = [];
      const refused: string[] = [];
      for (const file of inboxFiles(ctx.paths, contract.source)) {
        const outcome = await processInboxFile(db, ctx.paths, contract.source, file);
        const name = path.basename(file);
        if (outcome.questionnaire) log.ok(`${name} : questionnaire « ${outcome.questionnaire} » enregistré`);
        if (outcome.result) {
          const r = outcome.result;
          if (r.unchanged) log.ok(`${name} : déjà chargé à l’identique, rien n’a changé`);
          else log.ok(`${name} : ${r.rows} lignes chargées (${r.source}, ${r.producer}, ${r.period})${r.replaced ? ', livraison précédente remplacée' : ''}`);
          r.notes.filter((n) => !r.unchanged || !n.startsWith('Ce fichier')).forEach((n) => log.warn(n));
          if (!r.unchanged) loaded.push(r);
        }
        if (outcome.refused) refused.push(outcome.refused.message);
      }
      if (refused.length > 0) throw new Error(refused.join('\n\n'));
      const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM ${rawTable(contract)}`);
      return {
        rows: Number(n),
        deliveries: loaded.map(({ deliveryId, producer, period, rows }) => ({ deliveryId, producer, period, rows })),
        partitions: await touchedMonths(db, contract, loaded),
      };
    },
  };
}

/** The months the rows of these deliveries fall in: the partitions a load wrote. */
export async function monthsOf(db: DuckDBConnection, contract: Contract, deliveryIds: string[]): Promise<string[]> {
  const sql = monthsOfDeliveries(contract, deliveryIds);
  return sql ? (await queryRows<{ mois: string }>(db, sql)).map((r) => r.mois) : [];
}

/**
 * The partitions a load touched: the months of its rows, and those of the rows of the deliveries
 * it replaced (gone from the table, so the import kept them): a corrected month that lost rows,
 * or rows moved to another month, is recomputed there too.
 */
export async function touchedMonths(db: DuckDBConnection, contract: Contract, loaded: ImportResult[]): Promise<string[]> {
  const months = new Set([...await monthsOf(db, contract, loaded.map((r) => r.deliveryId)), ...loaded.flatMap((r) => r.replacedMonths ?? [])]);
  return [...months].sort();
}
