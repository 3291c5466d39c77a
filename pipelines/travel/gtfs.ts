// Reading a GTFS feed (a .zip or a folder of .txt files): every row checked with zod, the
// references between files checked after, and every problem told in French with its file,
// line and column, what was found, what is expected and what to do.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import '../zod-fr.ts';
import { decodeText, parseCsv } from './csv.ts';
import { REQUIRED_COLUMNS, rowChecks, schemas, shapes, type FileName, type GtfsFeed, type GtfsStopTime } from './gtfs_files.ts';
import { readZip, ZipError } from './zip.ts';

export type { GtfsAgency, GtfsCalendar, GtfsCalendarDate, GtfsFeed, GtfsFrequency, GtfsRoute, GtfsStop, GtfsStopTime, GtfsTrip } from './gtfs_files.ts';

export interface GtfsProblem {
  file: string;
  line?: number;
  column?: string;
  found?: string;
  message: string;
  fix: string;
}

export class GtfsError extends Error {
  constructor(readonly source: string, readonly problems: GtfsProblem[], readonly total = problems.length) {
    super(describe(source, problems, total));
  }
}

const SHOWN = 10;
const KEPT_PER_FILE = 50;

function describe(source: string, problems: GtfsProblem[], total: number): string {
  const lines = problems.slice(0, SHOWN).map((p) => `  - ${formatProblem(p)}`);
  const more = total > SHOWN ? `\n  … et ${total - SHOWN} autre(s) problème(s) du même genre ou d’ailleurs.` : '';
  return `Le flux GTFS ${source} est refusé (${total} problème${total > 1 ? 's' : ''}) :\n${lines.join('\n')}${more}`;
}

export function formatProblem(p: GtfsProblem): string {
  const where = [p.file, p.line ? `ligne ${p.line}` : '', p.column ? `colonne ${p.column}` : ''].filter(Boolean).join(', ');
  const found = p.found !== undefined ? ` : « ${p.found.length > 40 ? `${p.found.slice(0, 40)}…` : p.found} »` : '';
  return `${where}${found} — ${p.message}. ${p.fix}`;
}

// The fix said for a bad value (each column's type says what is expected: gtfs_files.ts).
const FIX_VALUE = 'Corrigez cette valeur dans le fichier (ou demandez un flux corrigé au réseau de transport).';
/** Reads and checks a feed; throws GtfsError listing what is wrong. */
export function readGtfs(source: string): GtfsFeed {
  const files = openFeed(source);
  const problems = new Problems(source);
  const label = path.basename(source);
  for (const name of ['agency', 'stops', 'routes', 'trips', 'stop_times'] as const) {
    if (!files.has(name)) problems.add({ file: `${name}.txt`, message: 'fichier absent du flux, alors que GTFS l’exige', fix: `Vérifiez que ${label} est bien un flux GTFS complet (${name}.txt à la racine de l’archive).` });
  }
  if (!files.has('calendar') && !files.has('calendar_dates')) {
    problems.add({ file: 'calendar.txt', message: 'ni calendar.txt ni calendar_dates.txt : les jours de circulation sont inconnus', fix: 'Ajoutez l’un des deux (GTFS exige au moins l’un).' });
  }
  problems.throwIfAny();

  const read = <F extends FileName>(name: F): z.infer<(typeof schemas)[F]>[] => readFile(name, files.get(name), problems);
  const feed: GtfsFeed = {
    source,
    agencies: read('agency'),
    stops: read('stops'),
    routes: read('routes'),
    trips: read('trips'),
    stopTimes: [],
    calendars: read('calendar').map((c) => ({
      service_id: c.service_id, start_date: c.start_date, end_date: c.end_date,
      days: [c.monday, c.tuesday, c.wednesday, c.thursday, c.friday, c.saturday, c.sunday],
    })),
    calendarDates: read('calendar_dates'),
    frequencies: read('frequencies'),
    warnings: [],
  };
  const stopTimes = read('stop_times');
  problems.throwIfAny();
  // Rows and lines align: any row that failed its check has already stopped the reading.
  feed.stopTimes = checkReferences(feed, stopTimes, problems, problems.lines.get('stop_times') ?? []);
  problems.throwIfAny();
  return feed;
}

type Row<F extends FileName> = z.infer<(typeof schemas)[F]>;
type Checked = { ok: true; value: unknown } | { ok: false; message: string };

function readFile<F extends FileName>(name: F, text: string | undefined, problems: Problems): Row<F>[] {
  if (text === undefined) return [];
  const file = `${name}.txt`;
  const table = parseCsv(text);
  const missing = REQUIRED_COLUMNS[name].filter((c) => !table.header.includes(c));
  for (const column of missing) {
    problems.add({ file, line: 1, column, message: 'colonne obligatoire absente de l’en-tête', fix: `Ajoutez la colonne ${column} (les noms de colonnes GTFS sont en minuscules, séparés par des virgules).` });
  }
  if (missing.length > 0) return [];
  const shape = shapes[name] as Record<string, z.ZodTypeAny>;
  const columns = Object.keys(shape);
  const at = columns.map((c) => table.header.indexOf(c));
  const seen = columns.map(() => new Map<string | undefined, Checked>());
  const check = rowChecks[name] as ((row: unknown) => { column: string; message: string } | undefined) | undefined;
  const rows: Row<F>[] = [];
  for (let r = 0; r < table.records.length; r++) {
    const cells = table.records[r];
    if (cells.length > table.header.length) {
      problems.add({
        file, line: table.lines[r], found: cells.join(','), message: `${cells.length} valeurs pour ${table.header.length} colonnes dans l’en-tête`,
        fix: 'Une virgule dans une valeur doit être entre guillemets ("Gare, quai 1") ; les décimales s’écrivent avec un point (47.5).',
      });
      continue;
    }
    const row: Record<string, unknown> = {};
    let valid = true;
    for (let k = 0; k < columns.length; k++) {
      let v = at[k] >= 0 ? cells[at[k]]?.trim() : undefined;
      if (v === '') v = undefined;
      let result = seen[k].get(v);
      if (!result) {
        const parsed = shape[columns[k]].safeParse(v);
        result = parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: parsed.error.issues[0].message };
        seen[k].set(v, result);
      }
      if (result.ok) row[columns[k]] = result.value;
      else {
        valid = false;
        problems.add({ file, line: table.lines[r], column: columns[k], found: v ?? '', message: result.message, fix: FIX_VALUE });
      }
    }
    const wrong = valid ? check?.(row) : undefined;
    if (wrong) problems.add({ file, line: table.lines[r], column: wrong.column, found: String(row[wrong.column] ?? ''), message: wrong.message, fix: FIX_VALUE });
    else if (valid) rows.push(row as Row<F>);
  }
  problems.lines.set(name, table.lines);
  return rows;
}

/** Cross-file checks; returns the stop times grouped by trip and ordered along it. */
function checkReferences(feed: GtfsFeed, stopTimes: GtfsStopTime[], problems: Problems, lines: number[]): GtfsStopTime[] {
  const unique = <T>(file: string, rows: T[], key: (r: T) => string, column: string) => {
    const seen = new Set<string>();
    for (const r of rows) {
      const k = key(r);
      if (seen.has(k)) problems.add({ file, column, found: k, message: 'identifiant en double', fix: 'Chaque identifiant ne doit apparaître qu’une fois : supprimez ou renommez le doublon.' });
      seen.add(k);
    }
    return seen;
  };
  const stops = new Map(feed.stops.map((s) => [s.stop_id, s]));
  unique('stops.txt', feed.stops, (s) => s.stop_id, 'stop_id');
  const routes = unique('routes.txt', feed.routes, (r) => r.route_id, 'route_id');
  const trips = unique('trips.txt', feed.trips, (t) => t.trip_id, 'trip_id');
  unique('calendar.txt', feed.calendars, (c) => c.service_id, 'service_id');
  const services = new Set([...feed.calendars.map((c) => c.service_id), ...feed.calendarDates.map((c) => c.service_id)]);
  for (const t of feed.trips) {
    if (!routes.has(t.route_id)) problems.add({ file: 'trips.txt', column: 'route_id', found: t.route_id, message: `la course ${t.trip_id} renvoie à une ligne absente de routes.txt`, fix: 'Ajoutez cette ligne à routes.txt ou corrigez route_id.' });
    if (!services.has(t.service_id)) feed.warnings.push(`trips.txt : la course ${t.trip_id} a un service_id (${t.service_id}) absent de calendar.txt et calendar_dates.txt : elle ne circule jamais.`);
  }
  for (const f of feed.frequencies) {
    if (!trips.has(f.trip_id)) problems.add({ file: 'frequencies.txt', column: 'trip_id', found: f.trip_id, message: 'course absente de trips.txt', fix: 'Ajoutez la course à trips.txt ou retirez cette ligne.' });
  }
  // Stop times: known trip and stop, then grouped by trip in sequence order.
  const byTrip = new Map<string, number[]>();
  for (let i = 0; i < stopTimes.length; i++) {
    const st = stopTimes[i];
    const line = lines[i];
    if (!trips.has(st.trip_id)) problems.add({ file: 'stop_times.txt', line, column: 'trip_id', found: st.trip_id, message: 'course absente de trips.txt', fix: 'Ajoutez la course à trips.txt ou retirez ses horaires.' });
    const stop = stops.get(st.stop_id);
    if (!stop) problems.add({ file: 'stop_times.txt', line, column: 'stop_id', found: st.stop_id, message: 'arrêt absent de stops.txt', fix: 'Ajoutez l’arrêt à stops.txt ou corrigez stop_id.' });
    else if (stop.stop_lat === undefined || stop.stop_lon === undefined) problems.add({ file: 'stop_times.txt', line, column: 'stop_id', found: st.stop_id, message: 'cet arrêt n’a pas de coordonnées dans stops.txt', fix: 'Donnez stop_lat et stop_lon à cet arrêt.' });
    let list = byTrip.get(st.trip_id);
    if (!list) byTrip.set(st.trip_id, (list = []));
    list.push(i);
  }
  const ordered: GtfsStopTime[] = [];
  for (const [trip, rows] of byTrip) {
    rows.sort((a, b) => stopTimes[a].stop_sequence - stopTimes[b].stop_sequence);
    const first = stopTimes[rows[0]];
    const last = stopTimes[rows[rows.length - 1]];
    if (rows.length < 2) problems.add({ file: 'stop_times.txt', line: lines[rows[0]], column: 'trip_id', found: trip, message: 'cette course n’a qu’un arrêt', fix: 'Une course dessert au moins deux arrêts : complétez-la ou retirez-la.' });
    for (const [st, which] of [[first, 'premier'], [last, 'dernier']] as const) {
      if (st.arrival_time === undefined && st.departure_time === undefined) {
        problems.add({ file: 'stop_times.txt', line: lines[rows[which === 'premier' ? 0 : rows.length - 1]], column: 'arrival_time', found: '', message: `le ${which} arrêt de la course ${trip} n’a pas d’heure`, fix: 'Le premier et le dernier arrêt d’une course doivent avoir arrival_time et departure_time.' });
      }
    }
    let previous = -Infinity;
    let previousSequence = -1;
    for (const i of rows) {
      const st = stopTimes[i];
      if (st.stop_sequence === previousSequence) problems.add({ file: 'stop_times.txt', line: lines[i], column: 'stop_sequence', found: String(st.stop_sequence), message: `numéro d’ordre en double dans la course ${trip}`, fix: 'Numérotez les arrêts d’une course dans l’ordre, sans doublon.' });
      previousSequence = st.stop_sequence;
      for (const [t, column] of [[st.arrival_time, 'arrival_time'], [st.departure_time, 'departure_time']] as const) {
        if (t === undefined) continue;
        if (t < previous) problems.add({ file: 'stop_times.txt', line: lines[i], column, found: clock(t), message: `l’heure recule le long de la course ${trip} (arrêt précédent à ${clock(previous)})`, fix: 'Les heures d’une course croissent d’arrêt en arrêt ; après minuit, écrivez 24:10:00, 25:00:00…' });
        previous = Math.max(previous, t);
      }
      ordered.push(st);
    }
  }
  return ordered;
}

/** 8:05 → "08:05:00"; hours beyond 24 kept, as GTFS writes them. */
export const clock = (seconds: number) => {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

class Problems {
  readonly list: GtfsProblem[] = [];
  readonly lines = new Map<string, number[]>();
  private total = 0;
  private perFile = new Map<string, number>();

  constructor(private readonly source: string) {}

  add(p: GtfsProblem) {
    this.total++;
    const n = (this.perFile.get(p.file) ?? 0) + 1;
    this.perFile.set(p.file, n);
    if (n <= KEPT_PER_FILE) this.list.push(p);
  }

  throwIfAny() {
    if (this.total > 0) throw new GtfsError(this.source, this.list, this.total);
  }
}

interface FeedFiles {
  has(name: FileName): boolean;
  get(name: FileName): string | undefined;
}

/** The feed's text files by name, from a folder or a ZIP archive (possibly with one folder inside). */
function openFeed(source: string): FeedFiles {
  if (!existsSync(source)) throw new GtfsError(source, [{ file: path.basename(source), message: 'fichier ou dossier introuvable', fix: 'Vérifiez le chemin donné (un .zip GTFS ou un dossier de fichiers .txt).' }]);
  const texts = new Map<string, () => string>();
  if (statSync(source).isDirectory()) {
    for (const name of Object.keys(schemas)) {
      const file = path.join(source, `${name}.txt`);
      if (existsSync(file)) texts.set(name, () => decodeText(readFileSync(file)));
    }
  } else {
    let entries;
    try {
      entries = readZip(readFileSync(source), path.basename(source));
    } catch (error) {
      if (!(error instanceof ZipError)) throw error;
      throw new GtfsError(source, [{ file: path.basename(source), message: error.message, fix: 'Donnez l’archive .zip du flux GTFS telle que le réseau la publie, ou un dossier de fichiers .txt.' }]);
    }
    // The shallowest entry of each name wins: some archives nest the files in a folder.
    const depth = (n: string) => n.split('/').length;
    for (const e of [...entries].sort((a, b) => depth(b.name) - depth(a.name))) {
      const base = path.posix.basename(e.name).toLowerCase();
      if (!base.endsWith('.txt')) continue;
      texts.set(base.slice(0, -4), () => decodeText(e.read()));
    }
  }
  return { has: (name) => texts.has(name), get: (name) => texts.get(name)?.() };
}
