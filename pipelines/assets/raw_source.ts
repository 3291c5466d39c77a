// Source assets: raw.<source> holds the rows of every active delivery of one exchange format.
// Materialising one imports the files of that source waiting in the inbox.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Contract } from '../contracts/contract.ts';
import { rawTable, tableColumns } from '../contracts/sql.ts';
import { importDelivery, type ImportResult } from '../ingest/import.ts';
import { parseDeliveryName } from '../ingest/delivery.ts';
import { RefusedDelivery } from '../ingest/problems.ts';
import { pseudonymKey } from '../ingest/key.ts';
import { log } from '../log.ts';
import { queryRows, readSqlFile, runScript } from '../warehouse/duckdb.ts';
import type { Paths } from '../config.ts';
import type { Asset } from './asset.ts';
import { hashText } from './sql_model.ts';

export function inboxFiles(paths: Paths, source: string): string[] {
  if (!existsSync(paths.inbox)) return [];
  return readdirSync(paths.inbox)
    .filter((f) => !f.startsWith('.') && parseDeliveryName(f).source === source)
    .sort()
    .map((f) => path.join(paths.inbox, f));
}

export function rawSourceAsset(contract: Contract): Asset {
  return {
    name: `raw.${contract.source}`,
    description: `Lignes des livraisons actives « ${contract.source} » : ${contract.row}.`,
    upstream: [],
    codeHash: hashText(JSON.stringify(contract.columns)),
    checks: [],
    pending: ({ paths }) => inboxFiles(paths, contract.source).length > 0,
    async materialise(ctx) {
      const db = await ctx.warehouse();
      await runScript(db, readSqlFile('warehouse/meta.sql'));
      await db.run(`CREATE TABLE IF NOT EXISTS ${rawTable(contract)} (_livraison VARCHAR NOT NULL, ${tableColumns(contract)})`);
      const loaded: ImportResult[] = [];
      const refused: string[] = [];
      for (const file of inboxFiles(ctx.paths, contract.source)) {
        try {
          const result = await importDelivery(db, file, { pseudonymKey: pseudonymKey(ctx.paths), tmpDir: path.join(ctx.paths.dataDir, 'tmp') });
          keep(file, path.join(ctx.paths.dataDir, 'livraisons'), `${result.livraisonId}${path.extname(file)}`);
          log.ok(`${path.basename(file)} : ${result.lignes} lignes chargées${result.remplace ? ', livraison précédente remplacée' : ''}`);
          result.notes.forEach((n) => log.warn(n));
          loaded.push(result);
        } catch (error) {
          if (!(error instanceof RefusedDelivery)) throw error;
          refused.push(error.message);
          const identifying = error.problems.some((p) => p.identifying);
          if (identifying) rmSync(file, { force: true });
          else {
            const target = keep(file, path.join(ctx.paths.dataDir, 'refuses'), path.basename(file));
            writeFileSync(`${target}.rapport.txt`, `${error.message}\n`);
          }
        }
      }
      if (refused.length > 0) throw new Error(refused.join('\n'));
      const [{ n }] = await queryRows<{ n: number }>(db, `SELECT count(*) AS n FROM ${rawTable(contract)}`);
      return { rows: Number(n), deliveries: loaded.map(({ livraisonId, producteur, periode, lignes }) => ({ livraisonId, producteur, periode, lignes })) };
    },
  };
}

function keep(file: string, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const target = path.join(dir, name);
  renameSync(file, target);
  return target;
}
