// Statistical secrecy: examples of each rule, then properties over random tables, checked against
// sums and a determinacy test written here independently of the module (dense floats).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

// Reproducible: the same random tables on every run (SECRET_SEED and SECRET_RUNS to explore more).
fc.configureGlobal({ seed: Number(process.env.SECRET_SEED ?? 20261203), numRuns: Number(process.env.SECRET_RUNS ?? 100) });
import { applySecrecy, assertAudit, parseBaseCount, sumConstraints, type Cell, type Parent } from '../../pipelines/publish/secrecy/index.ts';

/** Masked cells and why, with the audit's default width; the audit must pass. */
async function protect(cells: Cell[], parents: Parent[], threshold: number) {
  const result = await applySecrecy(cells, parents, { threshold, minWidth: 3 });
  expect(result.failures).toEqual([]);
  return result.masked;
}

/**
 * What random tables publish: their masked cells, or null when the audit blocks the publication
 * (nothing of it is published). The protection widens until the audit passes, so none may be
 * blocked: they are counted, and the last test asks for none.
 */
let blocked = 0;
async function published(cells: Cell[], parents: Parent[], threshold: number) {
  const result = await applySecrecy(cells, parents, { threshold, minWidth: 3 });
  if (result.failures.length > 0) {
    blocked++;
    return null;
  }
  return result.masked;
}

const cell = (niveau: string, code: string, periode: string, effectif: number | null, dimension = '', modalite = '', indicateur = 'demandes'): Cell => ({
  indicateur,
  niveau,
  code,
  periode,
  dimension,
  modalite,
  effectif,
});
const keyOf = (c: Cell) => [c.indicateur, c.niveau, c.code, c.periode, c.dimension, c.modalite].filter(Boolean).join('/');
const parent = (niveau: string, code: string, niveauParent: string, codeParent: string): Parent => ({ niveau, code, niveauParent, codeParent });
/** Masked cells by key, with their reason. */
const masks = (cells: Cell[], result: Map<number, string>) => Object.fromEntries([...result].map(([i, why]) => [keyOf(cells[i]), why]).sort());

/**
 * Masked cells whose value the sums pin down. Each equation is [total, ...parts] (indices in the
 * cells); published cells are constants. A masked cell is determined iff every solution of the
 * homogeneous system restricted to masked cells gives it 0, i.e. iff every vector of a null-space
 * basis (read off a dense floating-point reduced echelon form) is 0 there.
 */
function determinedCells(equations: number[][], masked: Set<number>): number[] {
  const EPS = 1e-7;
  const cols = [...masked].sort((a, b) => a - b);
  const col = new Map(cols.map((c, j) => [c, j]));
  const rows = equations
    .filter((eq) => eq.some((i) => masked.has(i)))
    .map((eq) => {
      const row = new Array<number>(cols.length).fill(0);
      eq.forEach((i, j) => {
        if (masked.has(i)) row[col.get(i)!] += j === 0 ? 1 : -1;
      });
      return row;
    });
  const pivots: number[] = [];
  for (let c = 0; c < cols.length && pivots.length < rows.length; c++) {
    const r0 = pivots.length;
    let best = r0;
    for (let r = r0 + 1; r < rows.length; r++) if (Math.abs(rows[r][c]) > Math.abs(rows[best][c])) best = r;
    if (Math.abs(rows[best][c]) < EPS) continue;
    [rows[r0], rows[best]] = [rows[best], rows[r0]];
    const pivot = rows[r0][c];
    rows[r0] = rows[r0].map((v) => v / pivot);
    for (let r = 0; r < rows.length; r++) {
      const f = rows[r][c];
      if (r !== r0 && f !== 0) rows[r] = rows[r].map((v, k) => v - f * rows[r0][k]);
    }
    pivots.push(c);
  }
  const free = cols.map((_, c) => c).filter((c) => !pivots.includes(c));
  return pivots.filter((_, j) => free.every((f) => Math.abs(rows[j][f]) < EPS)).map((c) => cols[c]);
}

const primaryOnly = (cells: Cell[], threshold: number) =>
  new Set(cells.flatMap((c, i) => (c.effectif !== null && c.effectif < threshold ? [i] : [])));
const asEquations = (cells: Cell[], parents: Parent[]) => sumConstraints(cells, parents).map((s) => [s.total, ...s.parts]);

/** A territory T of sites S1..Sn over months 2025-01..: leaves[s][m], with site, territory and year totals. */
function grid(leaves: number[][]): { cells: Cell[]; parents: Parent[] } {
  const months = leaves[0].map((_, m) => `2025-${String(m + 1).padStart(2, '0')}`);
  const cells: Cell[] = [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  leaves.forEach((row, s) => {
    row.forEach((v, m) => cells.push(cell('site', `S${s + 1}`, months[m], v)));
    cells.push(cell('site', `S${s + 1}`, '2025', sum(row)));
  });
  months.forEach((p, m) => cells.push(cell('territoire', 'T', p, sum(leaves.map((row) => row[m])))));
  cells.push(cell('territoire', 'T', '2025', sum(leaves.flat())));
  return { cells, parents: leaves.map((_, s) => parent('site', `S${s + 1}`, 'territoire', 'T')) };
}

describe('statistical secrecy, examples', () => {
  it('masks a median only when its effectif is small, with no complement: its effectif is not published (secret_base: aucune)', async () => {
    const median = (niveau: string, code: string, effectif: number) => cell(niveau, code, '2025', effectif, '', '', 'mediane');
    const cells = [median('territoire', 'T', 75), median('site', 'S1', 5), median('site', 'S2', 30), median('site', 'S3', 40)];
    const parents = ['S1', 'S2', 'S3'].map((s) => parent('site', s, 'territoire', 'T'));
    const result = await applySecrecy(cells, parents, { threshold: 11, minWidth: 3, bases: { mediane: parseBaseCount('aucune')! } });
    expect(result.failures).toEqual([]);
    expect(masks(cells, result.masked)).toEqual({ 'mediane/site/S1/2025': 'primaire' });
    expect(result.partial.size).toBe(0);
  });

  it('publishes a breakdown whose parts do not add up to its total (one person in several parts) and a year that is not the sum of its months, without an identity that does not hold', async () => {
    // A request for several benefits counts once in the total and once per benefit; people are
    // counted once a year but in each month they were there.
    const cells = [
      cell('departement', '41', '2025', 40), cell('departement', '41', '2025', 30, 'prestation', 'pch'), cell('departement', '41', '2025', 25, 'prestation', 'aah'),
      cell('departement', '41', '2025', 4, 'prestation', 'cmi'),
      cell('departement', '41', '2025-01', 30), cell('departement', '41', '2025-02', 35),
    ];
    expect(sumConstraints(cells, [])).toEqual([]);
    const result = await applySecrecy(cells, [], { threshold: 11, minWidth: 3 });
    expect(result.failures).toEqual([]);
    expect(masks(cells, result.masked)).toEqual({ 'demandes/departement/41/2025/prestation/cmi': 'primaire' });
  });

  it('never takes the département’s total as a complement when a lower-level count will do', async () => {
    // Territories T1 (primary) and T2, each of two sites, and the month → year sums: the cheapest
    // way out is below the département, even when the territory's cells are all masked.
    const cells: Cell[] = [];
    const values: Record<string, number[]> = { S1: [3, 2], S2: [2, 4], S3: [40, 50], S4: [35, 45] };
    const months = ['2025-01', '2025-02'];
    const add = (niveau: string, code: string, v: number[]) => {
      months.forEach((m, k) => cells.push(cell(niveau, code, m, v[k])));
      cells.push(cell(niveau, code, '2025', v[0] + v[1]));
    };
    const plus = (a: number[], b: number[]) => a.map((x, k) => x + b[k]);
    for (const [s, v] of Object.entries(values)) add('site', s, v);
    add('territoire', 'T1', plus(values.S1, values.S2));
    add('territoire', 'T2', plus(values.S3, values.S4));
    add('departement', '41', plus(plus(values.S1, values.S2), plus(values.S3, values.S4)));
    const parents = [parent('site', 'S1', 'territoire', 'T1'), parent('site', 'S2', 'territoire', 'T1'), parent('site', 'S3', 'territoire', 'T2'),
      parent('site', 'S4', 'territoire', 'T2'), parent('territoire', 'T1', 'departement', '41'), parent('territoire', 'T2', 'departement', '41')];
    const result = await applySecrecy(cells, parents, { threshold: 11, minWidth: 3 });
    expect(result.failures).toEqual([]);
    expect(Object.keys(masks(cells, result.masked)).filter((k) => k.includes('/departement/'))).toEqual([]);
  });

  it('masks a small site and the next smallest of its territory', async () => {
    const cells = [cell('territoire', 'T', '2025', 75), cell('site', 'S1', '2025', 5), cell('site', 'S2', '2025', 30), cell('site', 'S3', '2025', 40)];
    const parents = ['S1', 'S2', 'S3'].map((s) => parent('site', s, 'territoire', 'T'));
    expect(masks(cells, await protect(cells, parents, 11))).toEqual({ 'demandes/site/S1/2025': 'primaire', 'demandes/site/S2/2025': 'secondaire' });
  });

  it('protects a territory of one site through the department', async () => {
    const cells = [
      cell('departement', '41', '2025', 48),
      cell('territoire', 'T1', '2025', 8),
      cell('site', 'S1', '2025', 8),
      cell('territoire', 'T2', '2025', 40),
      cell('site', 'S2', '2025', 15),
      cell('site', 'S3', '2025', 25),
    ];
    const parents = [
      parent('territoire', 'T1', 'departement', '41'),
      parent('territoire', 'T2', 'departement', '41'),
      parent('site', 'S1', 'territoire', 'T1'),
      parent('site', 'S2', 'territoire', 'T2'),
      parent('site', 'S3', 'territoire', 'T2'),
    ];
    expect(masks(cells, await protect(cells, parents, 11))).toEqual({
      'demandes/site/S1/2025': 'primaire',
      'demandes/territoire/T1/2025': 'primaire',
      'demandes/territoire/T2/2025': 'secondaire',
      'demandes/site/S2/2025': 'secondaire',
    });
  });

  it('masks a second category of a breakdown with one small category', async () => {
    const cells = [
      cell('site', 'S1', '2025', 100),
      cell('site', 'S1', '2025', 60, 'motif', 'logement'),
      cell('site', 'S1', '2025', 33, 'motif', 'emploi'),
      cell('site', 'S1', '2025', 7, 'motif', 'sante'),
    ];
    expect(masks(cells, await protect(cells, [], 11))).toEqual({ 'demandes/site/S1/2025/motif/sante': 'primaire', 'demandes/site/S1/2025/motif/emploi': 'secondaire' });
  });

  it('masks what the cheap rule misses: two self-protecting blocks joined by one cell', async () => {
    // Sites × months with year and territory totals. Small cells: the block S1-S2 × 01-02, the block
    // S3-S4 × 03-04, and S1 × 03 between them. Every row and column holds 0 or ≥ 2 masked cells, yet
    // rows S1 + S2 minus columns 01 + 02 give S1 × 03.
    const small = new Set(['0,0', '0,1', '1,0', '1,1', '2,2', '2,3', '3,2', '3,3', '0,2']);
    const { cells, parents } = grid([0, 1, 2, 3].map((s) => [0, 1, 2, 3].map((m) => (small.has(`${s},${m}`) ? 3 : 30))));
    const equations = asEquations(cells, parents);
    const primary = primaryOnly(cells, 11);
    expect(primary.size).toBe(9);
    for (const eq of equations) expect(eq.filter((i) => primary.has(i)).length).not.toBe(1);
    expect(determinedCells(equations, primary).map((i) => keyOf(cells[i]))).toEqual(['demandes/site/S1/2025-03']);

    const result = await protect(cells, parents, 11);
    const masked = new Set(result.keys());
    expect([...result.values()].filter((why) => why === 'secondaire').length).toBeGreaterThan(0);
    expect(determinedCells(equations, masked)).toEqual([]);
  });

  it('never masks cells that do not count people, and leaves them out of the sums', async () => {
    const cells = ['T', 'S1', 'S2'].map((code) => cell(code === 'T' ? 'territoire' : 'site', code, '2025', null, '', '', 'etp'));
    const parents = ['S1', 'S2'].map((s) => parent('site', s, 'territoire', 'T'));
    expect((await protect(cells, parents, 11)).size).toBe(0);
    expect(sumConstraints(cells, parents)).toEqual([]);
  });

  it('builds one sum per way of adding up: sites, communes, months of a year (not days), each dimension', () => {
    const cells = [
      cell('territoire', 'T', '2025', 50),
      cell('site', 'S1', '2025', 20),
      cell('site', 'S2', '2025', 30),
      cell('commune', '41018', '2025', 50),
      cell('site', 'S1', '2025-01', 12),
      cell('site', 'S1', '2025-01-15', 3),
      cell('site', 'S1', '2025-02', 8),
      cell('site', 'S1', '2025', 5, 'motif', 'logement'),
      cell('site', 'S1', '2025', 15, 'motif', 'emploi'),
      cell('site', 'S1', '2025', 12, 'canal', 'accueil'),
      cell('site', 'S1', '2025', 8, 'canal', 'telephone'),
      cell('site', 'S9', '2025', 8),
    ];
    const parents = [
      parent('site', 'S1', 'territoire', 'T'),
      parent('site', 'S1', 'territoire', 'T'),
      parent('site', 'S2', 'territoire', 'T'),
      parent('commune', '41018', 'territoire', 'T'),
      parent('site', 'S9', 'territoire', 'X'),
    ];
    const readable = sumConstraints(cells, parents).map((s) => `${keyOf(cells[s.total])} = ${s.parts.map((i) => keyOf(cells[i])).join(' + ')}`);
    expect(readable.sort()).toEqual(
      [
        'demandes/site/S1/2025 = demandes/site/S1/2025-01 + demandes/site/S1/2025-02',
        'demandes/site/S1/2025 = demandes/site/S1/2025/canal/accueil + demandes/site/S1/2025/canal/telephone',
        'demandes/site/S1/2025 = demandes/site/S1/2025/motif/emploi + demandes/site/S1/2025/motif/logement',
        'demandes/territoire/T/2025 = demandes/commune/41018/2025',
        'demandes/territoire/T/2025 = demandes/site/S1/2025 + demandes/site/S2/2025',
      ].sort(),
    );
  });

  it('blocks the publication with a French message naming the cell when the audit finds a masked cell too narrow', async () => {
    const cells = [cell('territoire', 'T', '2025', 75), cell('site', 'S1', '2025', 5), cell('site', 'S2', '2025', 30), cell('site', 'S3', '2025', 40)];
    const parents = ['S1', 'S2', 'S3'].map((s) => parent('site', s, 'territoire', 'T'));
    const result = await applySecrecy(cells, parents, { threshold: 11, minWidth: 3 });
    expect(() => assertAudit(result, cells, { threshold: 11, minWidth: 3 })).not.toThrow();
    // Masking always finds more complements on plain sums; a row the audit found too narrow (e.g. a
    // share bounded by its published denominator) is what blocks: the message names the cell.
    const row = result.audit.find((a) => a.code === 'S1')!;
    expect(row).toMatchObject({ valeur: 5, min: 1, max: 34, conforme: true });
    const blocked = { ...result, failures: [{ ...row, max: 6, conforme: false }] };
    expect(() => assertAudit(blocked, cells, { threshold: 11, minWidth: 3 })).toThrow(
      'Secret statistique : publication bloquée. La case masquée indicateur « demandes », niveau « site », code « S1 », période « 2025 » peut être encadrée entre 1 et 6',
    );
  });

  it('refuses a table where a cell appears twice, saying which', async () => {
    await expect(applySecrecy([cell('site', 'S1', '2025', 20), cell('site', 'S1', '2025', 21)], [], { threshold: 11, minWidth: 3 })).rejects.toThrow(/Cellule en double.*« S1 ».*« 2025 »/);
  });
});

// --- Random tables ------------------------------------------------------------------------------

interface Table {
  cells: Cell[];
  parents: Parent[];
  /** The sums the table obeys, built from its construction, as [total, ...parts]. */
  equations: number[][];
  threshold: number;
}

const tables = fc
  .record({
    sitesPer: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
    communesPer: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
    months: fc.integer({ min: 1, max: 3 }),
    modalities: fc.constantFrom(0, 2, 3, 4),
    values: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }),
    threshold: fc.integer({ min: 1, max: 15 }),
    nulls: fc.boolean(),
  })
  .map(({ sitesPer, communesPer, months, modalities, values, threshold, nulls }): Table => {
    let next = 0;
    const draw = () => values[next++ % values.length];
    const periods = Array.from({ length: months }, (_, m) => `2024-1${m}`);
    const slots = modalities === 0 ? [''] : Array.from({ length: modalities }, (_, k) => `m${k}`);
    // Leaf counts by node, month, slot; every other figure is a sum of them.
    const leaf = new Map<string, number>();
    const at = (node: string, m: number, k: number) => leaf.get(`${node}|${m}|${k}`) ?? 0;
    const set = (node: string, m: number, k: number, v: number) => leaf.set(`${node}|${m}|${k}`, v);
    const parents: Parent[] = [];
    const children = new Map<string, string[][]>([['departement:41', [[]]]]);
    sitesPer.forEach((nSites, t) => {
      const terr = `territoire:T${t}`;
      parents.push(parent('territoire', `T${t}`, 'departement', '41'));
      const sites = Array.from({ length: nSites }, (_, s) => `site:S${t}${s}`);
      const communes = Array.from({ length: communesPer[t] }, (_, c) => `commune:C${t}${c}`);
      for (const node of [...sites, ...communes]) {
        const [niveau, code] = node.split(':');
        parents.push(parent(niveau, code, 'territoire', `T${t}`));
      }
      children.get('departement:41')![0].push(terr);
      children.set(terr, communes.length ? [sites, communes] : [sites]);
      for (let m = 0; m < months; m++)
        for (let k = 0; k < slots.length; k++) {
          let total = 0;
          for (const s of sites) {
            set(s, m, k, draw());
            total += at(s, m, k);
          }
          set(terr, m, k, total);
          set('departement:41', m, k, at('departement:41', m, k) + total);
          // Communes split the same people another way.
          communes.forEach((c, j) => {
            const v = j === communes.length - 1 ? total : Math.min(total, draw());
            set(c, m, k, v);
            total -= v;
          });
        }
    });
    const nodes = [...leaf.keys()].map((k) => k.split('|')[0]).filter((n, i, all) => all.indexOf(n) === i);
    const cells: Cell[] = [];
    const index = new Map<string, number>();
    const add = (c: Cell) => index.set(keyOf(c), cells.push(c) - 1);
    const idx = (node: string, p: string, slot: string) => {
      const [niveau, code] = node.split(':');
      return index.get(keyOf(cell(niveau, code, p, 0, slot && 'motif', slot)))!;
    };
    for (const node of nodes) {
      const [niveau, code] = node.split(':');
      const byPeriod = (m: number | null, k: number) => (m === null ? periods.reduce((a, _, mm) => a + at(node, mm, k), 0) : at(node, m, k));
      for (const m of [...periods.keys(), null]) {
        const p = m === null ? '2024' : periods[m];
        let total = 0;
        slots.forEach((slot, k) => {
          total += byPeriod(m, k);
          if (slot) add(cell(niveau, code, p, byPeriod(m, k), 'motif', slot));
        });
        add(cell(niveau, code, p, total));
        if (nulls && niveau === 'site') {
          add(cell(niveau, code, p, null, '', '', 'etp'));
          add(cell(niveau, code, p, null, 'profil', 'a'));
        }
      }
    }
    const equations: number[][] = [];
    for (const p of [...periods, '2024'])
      for (const slot of ['', ...(slots[0] ? slots : [])]) {
        for (const [node, groups] of children) for (const group of groups) equations.push([idx(node, p, slot), ...group.map((c) => idx(c, p, slot))]);
        for (const node of nodes) {
          if (slot === '' && slots[0]) equations.push([idx(node, p, ''), ...slots.map((s) => idx(node, p, s))]);
          if (p === '2024') equations.push([idx(node, p, slot), ...periods.map((q) => idx(node, q, slot))]);
        }
      }
    return { cells, parents, equations, threshold };
  });

// A table with its cells and nesting in another order.
const shuffled = tables.chain((t) =>
  fc.tuple(fc.constant(t), fc.shuffledSubarray(t.cells.map((_, i) => i), { minLength: t.cells.length }), fc.shuffledSubarray(t.parents, { minLength: t.parents.length })),
);

describe('statistical secrecy, whatever the table', () => {
  afterAll(() => console.info(`Tables aléatoires dont la publication est bloquée par l’audit : ${blocked}`));
  it('the random tables obey their sums (a check of the generator)', () => {
    fc.assert(
      fc.property(tables, ({ cells, equations }) => {
        for (const [total, ...parts] of equations) expect(cells[total].effectif).toBe(parts.reduce((a, i) => a + cells[i].effectif!, 0));
      }),
    );
  });

  it('masks every cell under the threshold, as primary, and only those', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ cells, parents, threshold }) => {
        const result = await published(cells, parents, threshold);
        if (!result) return;
        cells.forEach((c, i) => {
          const small = c.effectif !== null && c.effectif < threshold;
          expect(result.get(i) === 'primaire').toBe(small);
        });
      }),
    );
  });

  it('leaves no masked cell that the published cells determine', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ cells, parents, equations, threshold }) => {
        const result = await published(cells, parents, threshold);
        if (!result) return;
        const masked = new Set(result.keys());
        expect(determinedCells(equations, masked).map((i) => keyOf(cells[i]))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never masks a cell that does not count people', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ cells, parents, threshold }) => {
        for (const i of (await published(cells, parents, threshold))?.keys() ?? []) expect(cells[i].effectif).not.toBeNull();
      }),
    );
  });

  it('gives the same answer twice, and whatever the order of the cells and of the nesting', async () => {
    await fc.assert(
      fc.asyncProperty(shuffled, async ([{ cells, parents, threshold }, order, otherParents]) => {
        const once = await published(cells, parents, threshold);
        const twice = await published(cells, parents, threshold);
        const reordered = order.map((i) => cells[i]);
        const other = await published(reordered, otherParents, threshold);
        // Blocked or not, the same each time.
        expect([twice === null, other === null]).toEqual([once === null, once === null]);
        if (!once) return;
        const first = masks(cells, once);
        expect(masks(cells, twice!)).toEqual(first);
        expect(masks(reordered, other!)).toEqual(first);
      }),
    );
  });

  it('blocks the publication of no random table: the protection widens until the audit passes', () => {
    expect(blocked).toBe(0);
  });
});
