// The detailed checks of a delivery, run when it did not load as is: every cell check of the
// contract, direct identifiers, commune codes and duplicate keys, as a few SQL queries over
// the temporary table `incoming_raw` (all text, in file order). Each kind of problem comes
// with its count and its first 20 examples, at the line a text editor shows.
import type { DuckDBConnection } from '@duckdb/node-api';
import { castExpression, cellChecks, type CellCheck } from '../contracts/sql.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { nearestCommunes } from './communes.ts';
import { IDENTIFIER_KINDS, identifiersSql, identifierTest } from './identifiers.ts';
import { scannedColumns, type Layout } from './layout.ts';
import { orderedPairs } from './load_sql.ts';
import { EXAMPLES_PER_KIND, type Problem } from './problems.ts';
import type { LineMap } from './read.ts';

export interface Findings {
  problems: Problem[];
  totals: Map<string, number>;
}

const FIX = 'Corrigez ces cellules dans le fichier et renvoyez-le entier.';

interface Check {
  kind: string;
  column?: string;
  fails: string;
  /** SQL shown as the value found; NULL hides it. */
  shown: string;
  describe: (value: string | null) => { message: string; expected?: string; hint: string; identifying?: boolean };
}

export async function detailedChecks(connection: DuckDBConnection, layout: Layout, lines: LineMap): Promise<Findings> {
  const { contract } = layout;
  // A value that might identify someone is never repeated, even where it is only badly formed.
  const shown = (raw: string) => (contract.personLevel ? `CASE WHEN ${identifiersSql(raw)} THEN NULL ELSE ${raw} END` : raw);
  const checks: Check[] = [];
  for (const bound of [...layout.columns, ...layout.questions].filter((b) => b.header !== undefined)) {
    for (const c of cellChecks(bound.spec, bound.raw)) checks.push(fromCellCheck(c, bound.header!, shown(bound.raw)));
  }
  for (const group of contract.atLeastOne ?? []) {
    const raws = group.map((name) => layout.columns.find((c) => c.spec.name === name)!.raw);
    checks.push({
      kind: `${group.join('|')}:vide`, column: group.join(' / '), fails: raws.map((r) => `${r} IS NULL`).join(' AND '), shown: 'NULL',
      describe: () => ({ message: `ni ${group.join(' ni ')} n’est rempli`, expected: `au moins l’un des deux`, hint: FIX }),
    });
  }
  for (const [a, b] of orderedPairs(layout)) {
    const [ca, cb] = [castExpression(a.spec, a.raw), castExpression(b.spec, b.raw)];
    checks.push({
      kind: `${b.spec.name}:avant:${a.spec.name}`, column: b.header!, fails: `coalesce(${ca} > ${cb}, false)`,
      shown: `strftime(${cb}, '%d/%m/%Y') || ' < ' || strftime(${ca}, '%d/%m/%Y')`,
      describe: (v) => ({
        message: `${b.spec.name} précède ${a.spec.name}${v ? ` (${v})` : ''}`,
        expected: `une date égale ou postérieure à ${a.spec.name}`,
        hint: 'Vérifiez les deux dates (jour et mois inversés ?), corrigez-les et renvoyez le fichier entier.',
      }),
    });
  }
  if (contract.personLevel) {
    for (const col of scannedColumns(layout)) {
      for (const { kind, label } of IDENTIFIER_KINDS) {
        checks.push({
          kind: `${col.name}:identifiant:${kind}`, column: col.name, fails: `coalesce(${identifierTest(kind, col.raw)}, false)`, shown: 'NULL',
          describe: () => ({
            identifying: true, message: `la cellule semble contenir ${label} (valeur non reproduite)`,
            hint: 'Le fichier ne doit contenir aucune donnée directement identifiante : retirez-la à la source, puis renvoyez le fichier.',
          }),
        });
      }
    }
  }
  const findings: Findings = { problems: [], totals: new Map() };
  if (checks.length > 0) {
    const select = checks
      .map((c, i) => `count(*) FILTER (WHERE ${c.fails}) AS n${i}, arg_min({'r': rowid, 'v': ${c.shown}}, rowid, ${EXAMPLES_PER_KIND}) FILTER (WHERE ${c.fails}) AS e${i}`)
      .join(',\n');
    const [row] = await queryRows<Record<string, unknown>>(connection, `SELECT ${select} FROM incoming_raw`);
    checks.forEach((c, i) => {
      const n = Number(row[`n${i}`]);
      if (n === 0) return;
      findings.totals.set(c.kind, n);
      for (const e of (row[`e${i}`] as { r: string; v: string | null }[]).sort((a, b) => Number(a.r) - Number(b.r))) {
        findings.problems.push({ kind: c.kind, line: lines.lineOf(Number(e.r)), column: c.column, ...c.describe(e.v) });
      }
    });
  }
  await checkCommunes(connection, layout, lines, findings);
  await checkKey(connection, layout, lines, findings);
  return findings;
}

function fromCellCheck(c: CellCheck, header: string, shownSql: string): Check {
  return {
    kind: c.kind, column: header, fails: c.fails, shown: shownSql,
    describe: (v) => ({
      message: v === null && !c.kind.endsWith(':manquante') ? 'valeur non valide (non reproduite : elle semble identifiante)' : c.found(v),
      expected: c.expected, hint: FIX,
    }),
  };
}

async function checkCommunes(connection: DuckDBConnection, layout: Layout, lines: LineMap, findings: Findings): Promise<void> {
  for (const bound of layout.columns.filter((b) => b.header !== undefined && (b.spec.commune || b.spec.postalCode))) {
    const pattern = sqlString(bound.spec.pattern!.source.replace(/^\^|\$$/g, ''));
    const known = bound.spec.commune ? 'SELECT code FROM cog_codes' : 'SELECT code_postal FROM cog_postal';
    const rows = await queryRows<{ r: string; v: string; n: string }>(connection, `
      SELECT rowid AS r, ${bound.raw} AS v, count(*) OVER () AS n FROM incoming_raw
      WHERE ${bound.raw} IS NOT NULL AND regexp_full_match(${bound.raw}, ${pattern}) AND ${bound.raw} NOT IN (${known})
      ORDER BY rowid LIMIT ${EXAMPLES_PER_KIND}`);
    if (rows.length === 0) continue;
    const kind = `${bound.spec.name}:commune_inconnue`;
    findings.totals.set(kind, Number(rows[0].n));
    const nearest = bound.spec.commune ? await nearestCommunes(connection, [...new Set(rows.map((r) => r.v))]) : new Map<string, string[]>();
    for (const r of rows) {
      const proches = nearest.get(r.v) ?? [];
      findings.problems.push({
        kind, line: lines.lineOf(Number(r.r)), column: bound.header,
        message: bound.spec.commune
          ? `« ${r.v} » n’est pas un code de commune du COG${proches.length ? ` (codes proches : ${proches.join(', ')})` : ''}`
          : `« ${r.v} » n’est pas un code postal connu`,
        expected: bound.spec.commune ? 'un code INSEE de commune existant ou ayant existé (les communes fusionnées sont ramenées à la commune actuelle)' : 'un code postal existant',
        hint: 'Vérifiez le code (un zéro initial perdu par un tableur ?), corrigez-le et renvoyez le fichier entier : une personne sans commune valide disparaîtrait des chiffres par commune.',
      });
    }
  }
}

async function checkKey(connection: DuckDBConnection, layout: Layout, lines: LineMap, findings: Findings): Promise<void> {
  const keys = layout.contract.key.map((k) => layout.columns.find((c) => c.spec.name === k)!);
  if (keys.some((k) => k.header === undefined)) return;
  const rows = await queryRows<{ k: string; recs: string[]; n: string }>(connection, `
    SELECT concat_ws(' / ', ${keys.map((k) => k.raw).join(', ')}) AS k, min(rowid, 5) AS recs, count(*) OVER () AS n
    FROM incoming_raw GROUP BY ${keys.map((k) => k.raw).join(', ')} HAVING count(*) > 1 ORDER BY min(rowid) LIMIT ${EXAMPLES_PER_KIND}`);
  if (rows.length === 0) return;
  const kind = 'cle:doublon';
  findings.totals.set(kind, Number(rows[0].n));
  const personal = layout.contract.personLevel && layout.contract.key.some((k) => k.endsWith('_pseudo'));
  for (const r of rows) {
    const at = r.recs.map((x) => lines.lineOf(Number(x))).sort((a, b) => a - b);
    findings.problems.push({
      kind, line: at[1], column: layout.contract.key.join(', '),
      message: `${personal ? 'cet identifiant' : `l’identifiant « ${r.k} »`} figure déjà ligne ${at[0]} (lignes ${at.join(', ')})`,
      expected: 'un identifiant différent sur chaque ligne',
      hint: 'Chaque ligne doit avoir un identifiant unique : supprimez les doublons et renvoyez le fichier entier.',
    });
  }
}
