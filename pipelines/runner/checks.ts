// Running an asset's checks after it is materialised, and keeping every result in the
// warehouse (meta.controles), from where warnings are published for the data-quality page.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Asset, Check } from '../assets/asset.ts';
import { queryRows } from '../warehouse/duckdb.ts';

export interface CheckResult {
  check: string;
  severity: 'erreur' | 'avertissement';
  passed: boolean;
  message: string;
}

/**
 * `months`: the only months whose rows changed since the asset's last success, where the runner
 * knows them; a check that can look at those rows alone does.
 */
export async function runChecks(db: DuckDBConnection, asset: Asset, runId: string, rows: number | null | undefined, previousRows: number | null, months?: string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of asset.checks) {
    const offending = await queryRows(db, months && check.forMonths ? check.forMonths(months) : check.sql);
    results.push(resultOf(check, offending));
  }
  if (asset.rowCountChangeWarning && rows != null && previousRows) {
    const change = Math.abs(rows - previousRows) / previousRows;
    results.push({
      check: `row_count_change(${asset.rowCountChangeWarning * 100} %)`,
      severity: 'avertissement',
      passed: change <= asset.rowCountChangeWarning,
      message: `le nombre de lignes passe de ${previousRows.toLocaleString('fr-FR')} à ${rows.toLocaleString('fr-FR')} (${Math.round(change * 100)} %)`,
    });
  }
  await record(db, asset.name, runId, results);
  return results;
}

function resultOf(check: Check, offending: Record<string, unknown>[]): CheckResult {
  const example = offending.length > 0 ? ` (ex. ${JSON.stringify(offending[0])})` : '';
  return { check: check.name, severity: check.severity ?? 'erreur', passed: offending.length === 0, message: `${check.message}${example}` };
}

async function record(db: DuckDBConnection, asset: string, runId: string, results: CheckResult[]): Promise<void> {
  if (results.length === 0) return;
  for (const r of results) {
    await db.run('INSERT INTO meta.controles VALUES ($run, $asset, $check, $severity, $passed, $message, now()::TIMESTAMP)', {
      run: runId, asset, check: r.check, severity: r.severity, passed: r.passed, message: r.message,
    });
  }
}
