// `ccas_aides`: the aid requests to the CCAS of the main communes, each CCAS with its own tool
// and rhythm: a quarterly Windows-1252 export (`;`, 1 234,50, JJ/MM/AAAA), a half-yearly
// workbook, a yearly UTF-8 export (`,`, ISO dates). More requests where people are poorer,
// energy aid in winter, emergency food aid decided on the spot, the rest at the weekly commission.
import { CsvWriter, FRENCH_UTF8, FRENCH_WINDOWS, PLAIN_UTF8, type Dialect } from '../csv.ts';
import { jsDate, weekday, workingDay, type Month } from '../calendar.ts';
import type { Demo } from '../context.ts';
import type { Commune } from '../departement.ts';
import { distanceKm } from '../../reference/geo.ts';
import { idPart, ofPlace, slug } from '../names.ts';
import { deliveryName } from '../output.ts';
import { Rng, Weighted } from '../../random.ts';
import { ccasCommunes } from '../sites.ts';
import { writeWorkbook, type XlsxCell } from '../xlsx.ts';
import { peopleOf } from './sls_demandes.ts';

/** Aid requests a year per inhabitant of a CCAS's commune at scale 1, where hardship is average. */
export const AIDS_PER_INHABITANT = 0.05;
/** The CCAS that send their data (the demo's sites list more). */
export const CCAS_DELIVERING = 6;
/**
 * Beyond this, a CCAS keeps its aid in a business application and exports CSV: a workbook that
 * large is slow to write and to read (the whole sheet is held in memory), and Excel stops at 1,048,576 rows.
 */
const XLSX_MAX_ROWS = 20_000;

const TYPES = ['energie', 'alimentaire', 'telephonie', 'hygiene', 'logement', 'transport', 'sante', 'autre'] as const;
const TYPE_SHARES = [22, 35, 5, 8, 12, 6, 5, 7];
// Median amounts (euros) and their spread.
const AMOUNTS: [number, number][] = [[180, 0.5], [60, 0.45], [40, 0.3], [35, 0.35], [350, 0.6], [45, 0.5], [120, 0.7], [100, 0.7]];
const WINTER = new Set([11, 12, 1, 2]);

interface Style {
  dialect?: Dialect;
  /** Months per delivery. */
  months: 3 | 6 | 12;
}
// The CCAS take turns among three ways of delivering.
const STYLES: Style[] = [{ dialect: FRENCH_WINDOWS, months: 3 }, { months: 6 }, { dialect: PLAIN_UTF8, months: 12 }];

interface Aid {
  id: string;
  residence: string;
  pseudo: string;
  asked: number;
  decided?: number;
  type: number;
  decision: 'accordee' | 'refusee' | 'en_cours';
  amount?: number;
}

export async function writeCcasAides(demo: Demo): Promise<void> {
  const people = peopleOf(demo);
  const index = new Map(demo.dep.communes.map((c, i) => [c.code, i]));
  for (const [rank, commune] of ccasCommunes(demo.dep, CCAS_DELIVERING).entries()) {
    const rng = new Rng(demo.options.seed, `ccas_aides-${commune.code}`);
    const style = STYLES[rank % STYLES.length];
    const producteur = `ccas-${slug(commune.nom)}`;
    const prefix = idPart(commune.nom, 3);
    // A few people from the next communes (moved recently, or housed by family).
    const neighbours = demo.dep.communes.filter((c) => c !== commune).sort((a, b) => distanceKm(a, commune) - distanceKm(b, commune)).slice(0, 5);
    const perMonth = (AIDS_PER_INHABITANT * demo.volume * commune.population * commune.precarite) / 12;
    const commissionDay = 1 + rng.int(3);
    const seq = new Map<number, number>();

    const monthOfAid = (month: Month): Aid[] => {
      const types = new Weighted(TYPE_SHARES.map((w, t) => (t === 0 && WINTER.has(month.month) ? w * 1.8 : w)));
      const n = rng.count(perMonth * (WINTER.has(month.month) ? 1.15 : month.month === 8 ? 0.7 : 1));
      const aids: Aid[] = [];
      for (let i = 0; i < n; i++) {
        const resident: Commune = rng.chance(0.96) ? commune : rng.pick(neighbours);
        const person = people.draw(rng, index.get(resident.code)!);
        const asked = workingDay(month.first + rng.int(month.end - month.first));
        if (asked >= month.end) continue;
        const type = types.draw(rng);
        // Emergency food aid on the spot; the rest at the next weekly commission, sometimes the one after.
        const decided = type === 1 && rng.chance(0.55) ? asked + rng.int(2)
          : nextWeekday(asked + 3, commissionDay) + (rng.chance(0.2) ? 7 : 0) + (rng.chance(0.05) ? 14 : 0);
        const year = new Date(asked * 86_400_000).getUTCFullYear();
        seq.set(year, (seq.get(year) ?? 0) + 1);
        const aid: Aid = { id: `${prefix}-${year}-${String(seq.get(year)).padStart(6, '0')}`, residence: resident.code, pseudo: people.pseudo(person), asked, type, decision: 'en_cours' };
        if (decided <= demo.extraction) {
          aid.decided = decided;
          aid.decision = rng.chance(0.84) ? 'accordee' : 'refusee';
          if (aid.decision === 'accordee') {
            const [median, spread] = AMOUNTS[type];
            const raw = rng.lognormal(median, spread);
            // Food vouchers come in fives; bills are paid to the cent.
            aid.amount = type === 1 ? Math.max(5, Math.round(raw / 5) * 5) : rng.chance(0.6) ? Math.round(raw) : Math.round(raw * 100) / 100;
          }
        }
        aids.push(aid);
      }
      return aids;
    };

    for (const group of chunks(demo.months, style.months)) {
      const periode = periodOf(group, style.months);
      // Decided before drawing, from the volume expected: a large CCAS's CSV is streamed month by month.
      const dialect = style.dialect ?? (perMonth * group.length > XLSX_MAX_ROWS ? FRENCH_UTF8 : undefined);
      if (dialect) await writeCsv(demo, commune, producteur, periode, dialect, group.map((m) => () => monthOfAid(m)));
      else await writeXlsx(demo, commune, producteur, periode, group.flatMap(monthOfAid));
    }
  }
}

const HEADER = ['aide_id', 'ccas_commune', 'usager_pseudo', 'commune_residence', 'date_demande', 'date_decision', 'type_aide', 'decision', 'montant_eur'];

/** `months`: each month's aid, drawn when its turn comes. */
async function writeCsv(demo: Demo, commune: Commune, producteur: string, periode: string, dialect: Dialect, months: (() => Aid[])[]): Promise<void> {
  const partial = demo.out.start('ccas_aides', deliveryName('ccas_aides', producteur, periode, 'csv'));
  const csv = new CsvWriter(partial, dialect, HEADER, [demo.first - 1, demo.extraction + 60]);
  for (const draw of months) {
    for (const a of draw()) {
      if (csv.push([a.id, commune.code, a.pseudo, a.residence, csv.day(a.asked), csv.day(a.decided), TYPES[a.type], a.decision, csv.cell(csv.number(a.amount, 2, true))].join(dialect.delimiter))) await csv.flush();
    }
  }
  await csv.close();
  // A small CCAS may have had no request at all in a period of a tiny demo: nothing to deliver.
  if (csv.rows === 0) demo.out.discard(partial);
  else demo.out.commit(partial, { source: 'ccas_aides', producteur, periode, rows: csv.rows });
}

async function writeXlsx(demo: Demo, commune: Commune, producteur: string, periode: string, aids: Aid[]): Promise<void> {
  if (aids.length === 0) return;
  const partial = demo.out.start('ccas_aides', deliveryName('ccas_aides', producteur, periode, 'xlsx'));
  const rows: XlsxCell[][] = aids.map((a) => [a.id, commune.code, a.pseudo, a.residence, jsDate(a.asked), a.decided === undefined ? null : jsDate(a.decided), TYPES[a.type], a.decision, a.amount ?? null]);
  await writeWorkbook(partial, {
    name: 'Aides',
    title: [`CCAS ${ofPlace(commune.nom)} — demandes d’aide facultative`, `Période : ${periode}`],
    header: HEADER,
    rows,
    notes: ['Montants accordés en euros ; vide si la demande est refusée ou pas encore passée en commission.'],
    formats: { 8: '#,##0.00' },
  }, jsDate(demo.extraction));
  demo.out.commit(partial, { source: 'ccas_aides', producteur, periode, rows: aids.length });
}

/** Calendar chunks: a half-year is January-June whatever month the demo starts in. */
function chunks(months: Month[], size: number): Month[][] {
  const out = new Map<string, Month[]>();
  for (const m of months) {
    const key = `${m.year}-${Math.floor((m.month - 1) / size)}`;
    out.set(key, [...(out.get(key) ?? []), m]);
  }
  return [...out.values()];
}

function periodOf(months: Month[], size: 3 | 6 | 12): string {
  const m = months[0];
  if (size === 12) return String(m.year);
  if (size === 6) return `${m.year}-S${m.month <= 6 ? 1 : 2}`;
  return `${m.year}-T${Math.ceil(m.month / 3)}`;
}

/** The first day on or after `day` that is this weekday (0 = Monday). */
const nextWeekday = (day: number, wanted: number) => day + ((wanted - weekday(day) + 7) % 7);
