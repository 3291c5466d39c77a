// Differences the attacker forms between two published counts of people: a share's denominator −
// numerator, and a base held in another (`secret_base: "demandes_rdv_ou_attente dans demandes"`:
// requests received − requests with an appointment or pending = requests closed without one). A
// small difference (1 to threshold − 1) must never be published, nor narrowed by the attacker once
// hidden. The attacker here is an LP written from the tables' construction, not from the module.
import fc from 'fast-check';
import highsLoader from 'highs';
import { describe, expect, it } from 'vitest';
import { applySecrecy, parseBaseCount, type BaseCount, type Cell, type Parent } from '../../pipelines/publish/secrecy/index.ts';

// Reproducible: the same random tables on every run (SECRET_SEED to explore others).
fc.configureGlobal({ seed: Number(process.env.SECRET_SEED ?? 20261203) });

type Highs = { solve(lp: string): { Status: string; ObjectiveValue: number } };
const highs = (highsLoader as unknown as () => Promise<Highs>)();
const WIDTH = 3;

/** Sites of one territory over months and their year: requests received, and those among them with an appointment. */
interface Nested {
  cells: Cell[];
  parents: Parent[];
  bases: Record<string, BaseCount>;
  threshold: number;
}

function nestedTables(received: number[][], withRdv: number[][], threshold: number, share = false): Nested {
  const months = received[0].map((_, m) => `2025-0${m + 1}`);
  const cells: Cell[] = [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const add = (niveau: string, code: string, periode: string, r: number, a: number) => {
    cells.push({ indicateur: 'recues', niveau, code, periode, dimension: '', modalite: '', effectif: r });
    // The appointments' indicator: a count of its own (a median's effectif), or a share of the received requests.
    cells.push(share
      ? { indicateur: 'part_rdv', niveau, code, periode, dimension: '', modalite: '', effectif: r, numerateur: a, denominateur: r }
      : { indicateur: 'mediane', niveau, code, periode, dimension: '', modalite: '', effectif: a });
  };
  received.forEach((row, s) => {
    row.forEach((r, m) => add('site', `S${s}`, months[m], r, withRdv[s][m]));
    add('site', `S${s}`, '2025', sum(row), sum(withRdv[s]));
  });
  months.forEach((p, m) => add('territoire', 'T', p, sum(received.map((row) => row[m])), sum(withRdv.map((row) => row[m]))));
  add('territoire', 'T', '2025', sum(received.flat()), sum(withRdv.flat()));
  return {
    cells,
    parents: received.map((_, s) => ({ niveau: 'site', code: `S${s}`, niveauParent: 'territoire', codeParent: 'T' })),
    bases: share ? { recues: { base: 'demandes' }, part_rdv: { base: 'demandes' } } : { recues: { base: 'demandes' }, mediane: { base: 'rdv', within: 'demandes' } },
    threshold,
  };
}

/**
 * The attacker's interval of every hidden difference received − with an appointment, and of every
 * hidden count, from the published cells: both indicators' sums (sites → territory, months → year),
 * the part at most the whole, a masked cell holds at least one person.
 */
async function attack(t: Nested, masked: Set<number>, partial: Set<number>) {
  const h = await highs;
  const share = t.cells.some((c) => c.numerateur != null);
  // Unknowns: per key, r (received) and a (with an appointment).
  const keys = [...new Set(t.cells.map((c) => `${c.niveau}|${c.code}|${c.periode}`))];
  const value = new Map<string, number>();
  const hidden = new Set<string>();
  t.cells.forEach((c, i) => {
    const k = `${c.niveau}|${c.code}|${c.periode}`;
    if (c.indicateur === 'recues') {
      value.set(`r|${k}`, c.effectif!);
      if (masked.has(i)) hidden.add(`r|${k}`);
    } else {
      value.set(`a|${k}`, share ? c.numerateur! : c.effectif!);
      if (masked.has(i)) hidden.add(`a|${k}`);
      // A share masked whole hides its denominator, the same requests as received.
      if (share && masked.has(i) && !partial.has(i)) hidden.add(`r|${k}`);
    }
  });
  const name = (v: string) => `x${[...value.keys()].indexOf(v)}`;
  const term = (v: string, sign: number) => (hidden.has(v) ? { lp: `${sign > 0 ? '+' : '-'} ${name(v)}`, c: 0 } : { lp: '', c: sign * value.get(v)! });
  const rows: string[] = [];
  const equation = (total: string, parts: string[]) => {
    const ts = [term(total, 1), ...parts.map((p) => term(p, -1))];
    const lp = ts.map((x) => x.lp).filter(Boolean);
    const c = ts.reduce((s, x) => s + x.c, 0);
    if (lp.length) rows.push(` e${rows.length}: ${lp.join(' ')} = ${-c}`);
    else expect(c).toBe(0);
  };
  const sites = [...new Set(t.cells.filter((c) => c.niveau === 'site').map((c) => c.code))];
  const months = [...new Set(t.cells.map((c) => c.periode).filter((p) => p.length === 7))];
  for (const x of ['r', 'a']) {
    for (const p of [...months, '2025']) equation(`${x}|territoire|T|${p}`, sites.map((s) => `${x}|site|${s}|${p}`));
    for (const place of [...sites.map((s) => `site|${s}`), 'territoire|T']) equation(`${x}|${place}|2025`, months.map((p) => `${x}|${place}|${p}`));
  }
  // d = r − a ≥ 0, a count of people of its own.
  for (const k of keys) {
    const d = `d|${k}`;
    value.set(d, value.get(`r|${k}`)! - value.get(`a|${k}`)!);
    hidden.add(d);
    equation(`r|${k}`, [`a|${k}`, d]);
  }
  const bounds = [...hidden].map((v) => ` ${name(v)} >= ${v.startsWith('r|') || (!share && v.startsWith('a|')) ? 1 : 0}`);
  const body = `Subject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
  return [...hidden]
    .filter((v) => !v.startsWith('d|') || hidden.has(`r|${v.slice(2)}`) || hidden.has(`a|${v.slice(2)}`))
    .map((v) => {
      const solve = (sense: string) => {
        const res = h.solve(`${sense}\n obj: + ${name(v)}\n${body}`);
        if (res.Status === 'Unbounded') return sense === 'Maximize' ? Infinity : -Infinity;
        expect(res.Status).toBe('Optimal');
        return res.ObjectiveValue;
      };
      return { v, value: value.get(v)!, min: solve('Minimize'), max: solve('Maximize') };
    });
}

async function check(t: Nested) {
  const result = await applySecrecy(t.cells, t.parents, { threshold: t.threshold, minWidth: WIDTH, bases: t.bases });
  expect(result.failures).toEqual([]);
  const masked = new Set(result.masked.keys());
  const small = (x: number) => x >= 1 && x < t.threshold;
  // Published: no count under the threshold, no small difference between the two counts of a key.
  const shown = new Map<string, { r?: number; a?: number }>();
  t.cells.forEach((c, i) => {
    const k = `${c.niveau}|${c.code}|${c.periode}`;
    const s = shown.get(k) ?? {};
    if (c.indicateur === 'recues' && !masked.has(i)) s.r = c.effectif!;
    if (c.indicateur !== 'recues' && (!masked.has(i) || result.partial.has(i))) s.r ??= c.effectif!;
    if (c.indicateur !== 'recues' && !masked.has(i)) s.a = c.numerateur ?? c.effectif!;
    shown.set(k, s);
    if (!masked.has(i) || result.partial.has(i)) expect(c.effectif!, k).toBeGreaterThanOrEqual(t.threshold);
  });
  for (const [k, s] of shown) if (s.r !== undefined && s.a !== undefined) expect(small(s.r - s.a), `${k} : ${s.r} − ${s.a}`).toBe(false);
  // Hidden: every count at least as wide as the rule, every small one (count or difference) up to the threshold.
  for (const iv of await attack(t, masked, result.partial)) {
    const where = `${iv.v} = ${iv.value} ∈ [${iv.min}, ${iv.max}]`;
    expect(iv.min, where).toBeLessThanOrEqual(iv.value + 1e-6);
    expect(iv.max, where).toBeGreaterThanOrEqual(iv.value - 1e-6);
    if (small(iv.value) || (!iv.v.startsWith('d|') && iv.value < t.threshold)) {
      expect(iv.max, where).toBeGreaterThanOrEqual(t.threshold - 1e-6);
      expect(iv.max - iv.min, where).toBeGreaterThanOrEqual(WIDTH - 1e-6);
    } else if (!iv.v.startsWith('d|')) expect(iv.max - iv.min, where).toBeGreaterThanOrEqual(WIDTH - 1e-6);
  }
  return result;
}

describe('differences the attacker forms', () => {
  it('reads « dans » in secret_base', () => {
    expect(parseBaseCount('demandes_rdv_ou_attente dans demandes')).toEqual({ base: 'demandes_rdv_ou_attente', within: 'demandes' });
    expect(parseBaseCount('caf_foyers[prestation=RSA] dans caf')).toEqual({ base: 'caf_foyers', dimension: 'prestation', modalite: 'RSA', within: 'caf' });
    expect(parseBaseCount('demandes')).toEqual({ base: 'demandes' });
    expect(parseBaseCount('demandes dans')).toBeUndefined();
  });

  it('withholds a count whose difference with the base holding it is a small group, and audits the difference', async () => {
    // S0 × 2025-01: 40 requests received, 37 with an appointment: 3 closed without one.
    const t = nestedTables([[40, 45], [50, 52], [60, 70]], [[37, 30], [30, 40], [40, 50]], 11);
    const result = await check(t);
    const at = (ind: string, code: string, periode: string) => t.cells.findIndex((c) => c.indicateur === ind && c.code === code && c.periode === periode);
    expect(result.masked.get(at('mediane', 'S0', '2025-01'))).toBe('primaire');
    // The difference is in the audit, named by its two bases, wide enough.
    const row = result.audit.find((a) => a.base === 'recues − mediane' && a.code === 'S0' && a.periode === '2025-01')!;
    expect(row).toMatchObject({ valeur: 3, conforme: true });
    expect(row.max).toBeGreaterThanOrEqual(11);
  });

  it('withholds a share’s numerator when denominator − numerator is a small group, the difference audited', async () => {
    // S1 × 2025-02: 28 of 30 requests answered within 15 days: 2 were not.
    const t = nestedTables([[40, 45], [50, 30], [60, 70]], [[20, 20], [20, 28], [30, 30]], 11, true);
    const result = await check(t);
    const i = t.cells.findIndex((c) => c.indicateur === 'part_rdv' && c.code === 'S1' && c.periode === '2025-02');
    expect(result.masked.has(i)).toBe(true);
    expect(result.partial.has(i)).toBe(true);
    expect(result.audit.some((a) => a.base.includes('−') && a.code === 'S1' && a.periode === '2025-02' && a.valeur === 2 && a.max >= 11)).toBe(true);
  });

  it('on random nested tables, publishes no small difference and leaves none narrower than the rule', async () => {
    const table = fc
      .record({ sites: fc.integer({ min: 2, max: 4 }), months: fc.integer({ min: 1, max: 3 }), threshold: fc.integer({ min: 3, max: 11 }), share: fc.boolean() })
      .chain(({ sites, months, threshold, share }) =>
        fc.record({
          received: fc.array(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: months, maxLength: months }), { minLength: sites, maxLength: sites }),
          missing: fc.array(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: months, maxLength: months }), { minLength: sites, maxLength: sites }),
          threshold: fc.constant(threshold),
          share: fc.constant(share),
        }),
      )
      .map(({ received, missing, threshold, share }) =>
        nestedTables(received, received.map((row, s) => row.map((r, m) => Math.max(share ? 0 : 1, r - missing[s][m]))), threshold, share),
      );
    await fc.assert(fc.asyncProperty(table, async (t) => void (await check(t))), { numRuns: 30 });
  }, 120_000);
});
