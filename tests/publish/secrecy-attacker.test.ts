// Statistical secrecy against an attacker who reads the whole publication. Random linked tables
// (several indicators over the same requests, a share, a breakdown read as an indicator of its own,
// sites → territories → département, months → year) are protected, then attacked by an LP written
// here from the tables' construction, not from the module: for every masked count, the interval the
// published cells leave it, solved with HiGHS's one-shot API. Then the demo département, and the
// README's walkthrough indicator added over the same requests.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import highsLoader from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applySecrecy, sumConstraints, type BaseCount, type Cell, type Parent } from '../../pipelines/publish/secrecy/index.ts';
import { indicatorBases } from '../../pipelines/assets/indicators.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { demoPublication } from '../helpers/demo-publication.ts';

// Reproducible: the same random tables on every run (SECRET_SEED to explore others).
fc.configureGlobal({ seed: Number(process.env.SECRET_SEED ?? 20261203) });

type Highs = { solve(lp: string): { Status: string; ObjectiveValue: number } };
const highs = (highsLoader as unknown as () => Promise<Highs>)();
const WIDTH = 3;

/** An unknown of the attacker: a count one cell shows (its effectif, or a share's numerator). */
interface Unknown { cell: number; what: 'effectif' | 'numerateur'; value: number }

interface Linked {
  cells: Cell[];
  parents: Parent[];
  bases: Record<string, BaseCount>;
  threshold: number;
  unknowns: Unknown[];
  /** Σ coef × unknown = 0, built from the construction of the tables. */
  equations: [number, number][][];
  /** [numerator, denominator] unknowns. */
  shares: [number, number][];
}

const linkedTables = fc
  .record({
    sitesPer: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    months: fc.integer({ min: 1, max: 3 }),
    motifs: fc.integer({ min: 2, max: 3 }),
    values: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 120 }),
    shares: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
    threshold: fc.integer({ min: 3, max: 15 }),
  })
  .map(({ sitesPer, months, motifs, values, shares: fractions, threshold }): Linked => {
    let v = 0;
    let f = 0;
    const draw = () => values[v++ % values.length];
    const frac = () => fractions[f++ % fractions.length];
    const periods = [...Array.from({ length: months }, (_, m) => `2025-0${m + 1}`), '2025'];
    const motifList = Array.from({ length: motifs }, (_, k) => `m${k}`);
    const parents: Parent[] = [];
    const places: { niveau: string; code: string; children: string[] }[] = [{ niveau: 'departement', code: '41', children: [] }];
    const sites: string[] = [];
    sitesPer.forEach((n, t) => {
      parents.push({ niveau: 'territoire', code: `T${t}`, niveauParent: 'departement', codeParent: '41' });
      places[0].children.push(`territoire:T${t}`);
      const mine = Array.from({ length: n }, (_, s) => `site:S${t}${s}`);
      for (const s of mine) parents.push({ niveau: 'site', code: s.split(':')[1], niveauParent: 'territoire', codeParent: `T${t}` });
      places.push({ niveau: 'territoire', code: `T${t}`, children: mine });
      for (const s of mine) places.push({ niveau: 'site', code: s.split(':')[1], children: [] });
      sites.push(...mine);
    });
    // Leaves: requests and those with an appointment within 15 days, by site, month, motive.
    const req = new Map<string, number>();
    const quick = new Map<string, number>();
    for (const s of sites)
      for (let m = 0; m < months; m++)
        for (const k of motifList) {
          const n = draw();
          req.set(`${s}|${periods[m]}|${k}`, n);
          quick.set(`${s}|${periods[m]}|${k}`, Math.round(n * frac()));
        }
    const leavesOf = (place: string): string[] => {
      const p = places.find((x) => `${x.niveau}:${x.code}` === place)!;
      return p.children.length ? p.children.flatMap(leavesOf) : [place];
    };
    const total = (map: Map<string, number>, place: string, period: string, motif?: string) => {
      const ps = period === '2025' ? periods.slice(0, months) : [period];
      let t = 0;
      for (const s of leavesOf(place)) for (const p of ps) for (const k of motif ? [motif] : motifList) t += map.get(`${s}|${p}|${k}`)!;
      return t;
    };

    const cells: Cell[] = [];
    const unknowns: Unknown[] = [];
    const index = new Map<string, number>();
    const add = (indicateur: string, place: string, periode: string, dimension: string, modalite: string, effectif: number, numerateur?: number) => {
      const [niveau, code] = place.split(':');
      const i = cells.push({ indicateur, niveau, code, periode, dimension, modalite, effectif, numerateur: numerateur ?? null, denominateur: numerateur === undefined ? null : effectif }) - 1;
      index.set(`${indicateur}|effectif|${place}|${periode}|${modalite}`, unknowns.push({ cell: i, what: 'effectif', value: effectif }) - 1);
      if (numerateur !== undefined) index.set(`${indicateur}|numerateur|${place}|${periode}|${modalite}`, unknowns.push({ cell: i, what: 'numerateur', value: numerateur }) - 1);
    };
    const allPlaces = places.map((p) => `${p.niveau}:${p.code}`);
    for (const place of allPlaces)
      for (const p of periods) {
        add('recues', place, p, '', '', total(req, place, p));
        for (const k of motifList) add('recues', place, p, 'motif', k, total(req, place, p, k));
        add('mediane', place, p, '', '', total(req, place, p));
        add('part15', place, p, '', '', total(req, place, p), total(quick, place, p));
        if (!place.startsWith('site:')) add('logement', place, p, '', '', total(req, place, p, 'm0'));
      }

    // What the attacker knows: each indicator's sums, the identities between them, the shares.
    const u = (ind: string, what: string, place: string, p: string, mod = '') => index.get(`${ind}|${what}|${place}|${p}|${mod}`)!;
    const equations: [number, number][][] = [];
    const sumOf = (total: number, parts: number[]) => equations.push([[total, 1], ...parts.map((x) => [x, -1] as [number, number])]);
    const series: [string, string, string[]][] = [['recues', 'effectif', ['', ...motifList]], ['mediane', 'effectif', ['']], ['part15', 'effectif', ['']], ['part15', 'numerateur', ['']], ['logement', 'effectif', ['']]];
    for (const [ind, what, mods] of series) {
      const here = ind === 'logement' ? places.filter((p) => p.niveau !== 'site') : places;
      for (const mod of mods)
        for (const place of here) {
          const key = `${place.niveau}:${place.code}`;
          for (const p of periods) {
            const kids = ind === 'logement' && place.niveau === 'territoire' ? [] : place.children;
            if (kids.length) sumOf(u(ind, what, key, p, mod), kids.map((c) => u(ind, what, c, p, mod)));
          }
          sumOf(u(ind, what, key, '2025', mod), periods.slice(0, months).map((p) => u(ind, what, key, p, mod)));
        }
    }
    for (const place of allPlaces)
      for (const p of periods) {
        sumOf(u('recues', 'effectif', place, p), motifList.map((k) => u('recues', 'effectif', place, p, k)));
        sumOf(u('mediane', 'effectif', place, p), [u('recues', 'effectif', place, p)]);
        sumOf(u('part15', 'effectif', place, p), [u('recues', 'effectif', place, p)]);
        if (!place.startsWith('site:')) sumOf(u('logement', 'effectif', place, p), [u('recues', 'effectif', place, p, 'm0')]);
      }
    const shares: [number, number][] = [];
    for (const place of allPlaces) for (const p of periods) shares.push([u('part15', 'numerateur', place, p), u('part15', 'effectif', place, p)]);
    const bases = { recues: { base: 'demandes' }, mediane: { base: 'demandes' }, part15: { base: 'demandes' }, logement: { base: 'demandes', dimension: 'motif', modalite: 'm0' } };
    return { cells, parents, bases, threshold, unknowns, equations, shares };
  });

/** The attacker's interval of each hidden unknown, by LP over everything published. */
async function attack(t: Linked, masked: Set<number>, partial: Set<number>) {
  const h = await highs;
  // A masked share keeps its denominator when only its numerator is withheld (partial).
  const isHidden = (j: number) => masked.has(t.unknowns[j].cell) && (t.unknowns[j].what === 'numerateur' || !partial.has(t.unknowns[j].cell));
  const hidden = t.unknowns.map((x, j) => j).filter(isHidden);
  const known = (j: number) => !isHidden(j);
  const rows: string[] = [];
  t.equations.forEach((eq, r) => {
    let rhs = 0;
    const terms: string[] = [];
    for (const [j, c] of eq) {
      if (known(j)) rhs -= c * t.unknowns[j].value;
      else terms.push(`${c > 0 ? '+' : '-'} x${j}`);
    }
    if (terms.length) rows.push(` e${r}: ${terms.join(' ')} = ${rhs}`);
    // A published identity or sum must hold on its own: a check of this test's construction.
    else expect(rhs).toBe(0);
  });
  t.shares.forEach(([n, d], r) => {
    if (known(n) && known(d)) return;
    rows.push(` s${r}: ${known(n) ? '' : `+ x${n}`} ${known(d) ? `<= ${t.unknowns[d].value}` : `- x${d} <= ${known(n) ? -t.unknowns[n].value : 0}`}`);
  });
  // A masked cell exists: its count is at least 1; a numerator is not negative.
  const bounds = hidden.map((j) => ` x${j} >= ${t.unknowns[j].what === 'effectif' ? 1 : 0}`);
  const body = `Subject To\n${rows.join('\n') || ' z: x0 >= 0'}\nBounds\n${bounds.join('\n')}\nEnd\n`;
  return hidden.map((j) => {
    const bound = (sense: string) => {
      const r = h.solve(`${sense}\n obj: + x${j}\n${body}`);
      if (r.Status === 'Unbounded') return sense === 'Maximize' ? Infinity : -Infinity;
      expect(r.Status).toBe('Optimal');
      return r.ObjectiveValue;
    };
    return { j, min: bound('Minimize'), max: bound('Maximize') };
  });
}

describe('statistical secrecy against the LP attacker, on linked tables', () => {
  it('leaves no masked count narrower than the rule, and publishes no small group, ever', async () => {
    await fc.assert(
      fc.asyncProperty(linkedTables, async (t) => {
        const result = await applySecrecy(t.cells, t.parents, { threshold: t.threshold, minWidth: WIDTH, bases: t.bases });
        expect(result.failures).toEqual([]);
        const masked = new Set(result.masked.keys());
        expect([...result.partial].every((i) => masked.has(i) && t.cells[i].indicateur === 'part15')).toBe(true);
        for (const iv of await attack(t, masked, result.partial)) {
          const x = t.unknowns[iv.j];
          const small = x.what === 'effectif' ? x.value < t.threshold : x.value >= 1 && x.value < t.threshold;
          const c = t.cells[x.cell];
          const where = `${c.indicateur} ${c.niveau} ${c.code} ${c.periode} ${c.modalite} ${x.what} = ${x.value} ∈ [${iv.min}, ${iv.max}]`;
          expect(iv.min, where).toBeLessThanOrEqual(x.value + 1e-6);
          expect(iv.max, where).toBeGreaterThanOrEqual(x.value - 1e-6);
          expect(iv.max - iv.min, where).toBeGreaterThanOrEqual(WIDTH - 1e-6);
          if (small) expect(iv.max, where).toBeGreaterThanOrEqual(t.threshold - 1e-6);
        }
        // Published: no count, numerator or denominator − numerator between 1 and the threshold − 1.
        t.cells.forEach((c, i) => {
          if (masked.has(i) && !result.partial.has(i)) return;
          expect(c.effectif!, `${c.indicateur} ${c.niveau} ${c.code} ${c.periode}`).toBeGreaterThanOrEqual(t.threshold);
          if (masked.has(i)) return;
          if (c.numerateur != null) {
            for (const g of [c.numerateur, c.denominateur! - c.numerateur]) expect(g === 0 || g >= t.threshold, `${c.indicateur} ${c.code} ${c.periode} : ${c.numerateur}/${c.denominateur}`).toBe(true);
          }
        });
        // The same requests are masked everywhere at once.
        const key = (c: Cell) => `${c.niveau}|${c.code}|${c.periode}`;
        const recues = new Map(t.cells.map((c, i) => [c, i] as const).filter(([c]) => c.indicateur === 'recues' && c.dimension === '').map(([c, i]) => [key(c), masked.has(i)]));
        t.cells.forEach((c, i) => {
          // A share's denominator is hidden (the cell masked whole) exactly when the requests are.
          if (c.indicateur === 'mediane' || c.indicateur === 'part15') expect(masked.has(i) && !result.partial.has(i), `${c.indicateur} ${key(c)}`).toBe(recues.get(key(c)));
        });
      }),
      { numRuns: 40 },
    );
  });
});

/** The demo's cells, from a copy of the demo warehouse (read-only). */
async function demoCells(): Promise<{ cells: Cell[]; parents: Parent[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'solidata-secret-'));
  const copy = path.join(dir, 'warehouse.duckdb');
  copyFileSync(path.join(await demoPublication(), 'warehouse.duckdb'), copy);
  const db = await openDatabase(copy, { readOnly: true });
  try {
    const n = (x: unknown) => (x === null || x === undefined ? null : Number(x));
    const cells = (await queryRows<Cell>(db.connection, 'SELECT indicateur, niveau, code, periode, dimension, modalite, effectif, numerateur, denominateur FROM marts.indicateurs'))
      .map((c) => ({ ...c, effectif: n(c.effectif), numerateur: n(c.numerateur), denominateur: n(c.denominateur) }));
    const parents = await queryRows<Parent>(db.connection, 'SELECT niveau, code, niveau_parent AS "niveauParent", code_parent AS "codeParent" FROM intermediate.int_appartenance');
    return { cells, parents };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('statistical secrecy of the demo département', () => {
  // The demo's run is shared with other files: waited for here, not within a test's time.
  beforeAll(() => demoPublication(), 600_000);

  it('passes the audit, and the README’s walkthrough indicator is protected with the requests it counts', async () => {
    const { cells, parents } = await demoCells();
    // demandes_logement, as the README writes it: requests for housing by territory and département
    // and month, the same requests as demandes_recues's « logement » modality.
    const logement = cells
      .filter((c) => c.indicateur === 'demandes_recues' && c.dimension === 'motif' && c.modalite === 'logement' && c.niveau !== 'site' && c.periode.length === 7)
      .map((c) => ({ ...c, indicateur: 'demandes_logement', dimension: '', modalite: '' }));
    const all = [...cells, ...logement];
    const bases = { ...indicatorBases(), demandes_logement: { base: 'demandes', dimension: 'motif', modalite: 'logement' } };
    const result = await applySecrecy(all, parents, { threshold: 11, minWidth: WIDTH, bases });
    expect(result.failures).toEqual([]);
    expect(result.masked.size).toBeGreaterThan(0);
    // Every masked count's interval holds its value and meets the rule (the module's own audit, checked here).
    let differences = 0;
    for (const a of result.audit) {
      expect(a.min).toBeLessThanOrEqual(a.valeur + 1e-6);
      expect(a.max).toBeGreaterThanOrEqual(a.valeur - 1e-6);
      // A difference (« base − base ») is held to the rule only when it is a small group.
      const difference = a.base.includes(' − ');
      if (!difference || (a.valeur >= 1 && a.valeur < 11)) expect(a.max - a.min, `${a.base} ${a.code} ${a.periode}`).toBeGreaterThanOrEqual(WIDTH - 1e-6);
      if (a.valeur >= 1 && a.valeur < 11) expect(a.max, `${a.base} ${a.code} ${a.periode}`).toBeGreaterThanOrEqual(11 - 1e-6);
      if (difference) differences++;
    }
    expect(differences).toBeGreaterThan(0);
    // No published cell shows a group of 1 to 10 people.
    all.forEach((c, i) => {
      if ((result.masked.has(i) && !result.partial.has(i)) || c.effectif === null) return;
      expect(c.effectif, `${c.indicateur} ${c.niveau} ${c.code} ${c.periode}`).toBeGreaterThanOrEqual(11);
    });
    // The new indicator is masked exactly where demandes_recues hides the same requests.
    const at = new Map(all.map((c, i) => [`${c.indicateur}|${c.niveau}|${c.code}|${c.periode}|${c.modalite}`, i]));
    let checked = 0;
    for (const c of logement) {
      const mine = at.get(`demandes_logement|${c.niveau}|${c.code}|${c.periode}|`)!;
      const theirs = at.get(`demandes_recues|${c.niveau}|${c.code}|${c.periode}|logement`)!;
      expect(result.masked.has(mine), `${c.niveau} ${c.code} ${c.periode}`).toBe(result.masked.has(theirs));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
    // The same requests behind a median and its p90 are masked together.
    for (const [i, c] of all.entries()) {
      if (c.indicateur !== 'delai_premier_rdv_median') continue;
      const p90 = at.get(`delai_premier_rdv_p90|${c.niveau}|${c.code}|${c.periode}|${c.modalite}`);
      if (p90 !== undefined) expect(result.masked.has(p90)).toBe(result.masked.has(i));
    }
  }, 300_000);

  it('an independent attacker, on the site-level requests, finds every masked one as wide as the rule', async () => {
    const { cells, parents } = await demoCells();
    const result = await applySecrecy(cells, parents, { threshold: 11, minWidth: WIDTH, bases: indicatorBases() });
    // The attacker's own LP over one indicator's published sums (from the published values only).
    const h = await highs;
    const ind = cells.map((c, i) => [c, i] as const).filter(([c]) => c.indicateur === 'demandes_recues');
    const mine = ind.map(([c]) => c);
    const masked = new Set(ind.flatMap(([, i], j) => (result.masked.has(i) ? [j] : [])));
    const rows: string[] = [];
    sumConstraints(mine, parents).forEach((s, r) => {
      let rhs = 0;
      const terms: string[] = [];
      [[s.total, 1], ...s.parts.map((p) => [p, -1])].forEach(([j, k]) => {
        if (masked.has(j)) terms.push(`${k > 0 ? '+' : '-'} x${j}`);
        else rhs -= k * mine[j].effectif!;
      });
      if (terms.length) rows.push(` e${r}: ${terms.join(' ')} = ${rhs}`);
    });
    const body = `Subject To\n${rows.join('\n')}\nBounds\n${[...masked].map((j) => ` x${j} >= 1`).join('\n')}\nEnd\n`;
    // Every 7th masked site-month, to keep the test short; each a full LP over the whole indicator.
    const sample = [...masked].filter((j) => mine[j].niveau === 'site').filter((_, k) => k % 7 === 0);
    expect(sample.length).toBeGreaterThan(5);
    for (const j of sample) {
      const lo = h.solve(`Minimize\n obj: + x${j}\n${body}`);
      const hi = h.solve(`Maximize\n obj: + x${j}\n${body}`);
      const max = hi.Status === 'Unbounded' ? Infinity : hi.ObjectiveValue;
      expect(lo.Status).toBe('Optimal');
      expect(max - lo.ObjectiveValue, `${mine[j].code} ${mine[j].periode}`).toBeGreaterThanOrEqual(WIDTH - 1e-6);
      if (mine[j].effectif! < 11) expect(max, `${mine[j].code} ${mine[j].periode}`).toBeGreaterThanOrEqual(11);
    }
  }, 300_000);
});
