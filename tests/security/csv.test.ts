// Every CSV Solidata produces is opened in a spreadsheet by someone: a cell that starts like a
// formula (a commune name, a modality or an answer that came from a partner's file) must be read
// as text, never run.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../pipelines/analyst/format_data.ts';
import type { StatementResult } from '../../pipelines/analyst/sql_session.ts';
import { projectRoot } from '../../pipelines/config.ts';

const FORMULAS = ['=HYPERLINK("http://evil.example","clic")', '=1+1', '+1+1', '-1+1|cmd', "-2+3+cmd|' /C calc'!A0", '@SUM(A1:A9)', '\t=1+1', '\r=1+1', '\uff1d1+1', '-', '+', '=', '@'];
const INERT = ['-3,5', '+12 %', '1 234,5', '-0.5', '12', 'Blois', '', 'a=b', 'secret statistique', '3 - 5 ans'];

describe('formula cells in the CSV files we produce', () => {
  it('neutralises a cell that starts like a formula, and leaves numbers and plain text alone', async () => {
    const { neutraliserFormule } = (await import(pathToFileURL(path.join(projectRoot, 'components', 'csv.js')).href)) as { neutraliserFormule: (t: string) => string };
    for (const f of FORMULAS) expect(neutraliserFormule(f), JSON.stringify(f)).toBe(`'${f}`);
    for (const t of INERT) expect(neutraliserFormule(t), JSON.stringify(t)).toBe(t);
  });

  it('solidata sql --format csv writes no live formula, in the header or the cells', () => {
    const result: StatementResult = {
      columns: [{ name: '=entete' }, { name: 'valeur' }] as StatementResult['columns'],
      rows: FORMULAS.map((f, i) => [f, i - 3]),
      isQuery: true,
      truncated: false,
    };
    const csv = formatCsv(result);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe("'=entete,valeur");
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil.example"",""clic"")",-3`);
    // Every field, once unquoted, starts with something no spreadsheet runs.
    const cells = csv.match(/(?:^|,|\r\n)("(?:[^"]|"")*"|[^,\r\n]*)/g)!.map((c) => c.replace(/^(,|\r\n)/, '').replace(/^"|"$/g, ''));
    for (const c of cells) expect(c, JSON.stringify(c)).not.toMatch(/^[=+@\t\r\uff1d\uff0b\uff20]|^-(?!\d)/);
    expect(csv).toContain(',-1\r\n');
  });
});
