// A plausible GTFS feed for the demo département, generated from its communes: coach lines
// between the largest towns, lines from each of them to its neighbours, town buses in the
// largest (given as frequencies), school-day and Saturday services, one public holiday run on
// the Saturday timetable (a calendar exception), a late coach running past midnight and a
// market stop served on Saturdays only. Deterministic: the same inputs and seed give the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../random.ts';
import { distanceKm, type Point } from '../reference/geo.ts';
import { clock } from './gtfs.ts';
import { writeZip } from './zip.ts';

export interface DemoFeedOptions {
  communes: (Point & { code: string; nom: string; population: number })[];
  /** The service points: lines go preferably to the villages that have one. */
  sites?: (Point & { id: string })[];
  seed: number;
  /** First and last day of the timetable (AAAA-MM-JJ); default the 2025–2026 school year. */
  debut?: string;
  fin?: string;
  /** Also write the feed as this .zip archive. */
  archive?: string;
}

export interface DemoFeedSummary {
  stops: number;
  routes: number;
  trips: number;
  stopTimes: number;
  /** The day run on the Saturday timetable (AAAA-MM-JJ). */
  exception: string;
  files: string[];
}

interface Stop extends Point { id: string; name: string; code?: string }
interface Line { id: string; name: string; type: number; stops: Stop[]; kmh: number }

const SCHOOL = 'SCOL';
const SATURDAY = 'SAM';

export function writeDemoFeed(dir: string, options: DemoFeedOptions): DemoFeedSummary {
  const rng = new Rng(options.seed, 'transport');
  const debut = options.debut ?? '2025-09-01';
  const fin = options.fin ?? '2026-08-31';
  const communes = options.communes.filter((c) => Number.isFinite(c.lat) && Number.isFinite(c.lon));
  const byPopulation = [...communes].sort((a, b) => b.population - a.population || a.code.localeCompare(b.code));
  const hubCount = Math.max(3, Math.min(10, Math.round(communes.length / 40)));
  const hubs = byPopulation.slice(0, hubCount);
  // The commune of each service point (its nearest centre): lines end there rather than elsewhere.
  const served = new Set((options.sites ?? []).map((s) => communes.reduce((best, c) => (distanceKm(s, c) < distanceKm(s, best) ? c : best), communes[0])?.code));
  const weight = (c: (typeof communes)[number]) => c.population * (served.has(c.code) ? 3 : 1);

  // One stop per commune served, a few dozen metres from its centre.
  const stops = new Map<string, Stop>();
  const stopOf = (c: (typeof communes)[number]): Stop => {
    let s = stops.get(c.code);
    if (!s) {
      s = { id: `C${c.code}`, name: c.nom, code: c.code, lat: round(c.lat + (rng.next() - 0.5) * 0.0008), lon: round(c.lon + (rng.next() - 0.5) * 0.0011) };
      stops.set(c.code, s);
    }
    return s;
  };
  const lines: Line[] = [];
  const addLine = (name: string, path: (typeof communes)[number][], type = 3, kmh = 50) => {
    if (path.length < 2) return;
    lines.push({ id: `L${String(lines.length + 1).padStart(2, '0')}`, name, type, stops: path.map(stopOf), kmh });
  };

  // Coach lines: each large town to its two nearest large towns, through the villages on the way.
  const linked = new Set<string>();
  for (const a of hubs) {
    const near = hubs.filter((b) => b !== a).sort((x, y) => distanceKm(a, x) - distanceKm(a, y)).slice(0, 2);
    for (const b of near) {
      const key = [a.code, b.code].sort().join('-');
      if (linked.has(key)) continue;
      linked.add(key);
      addLine(`${a.nom} – ${b.nom}`, [a, ...between(a, b, communes, hubs), b], 3, 60);
    }
  }
  // Lines from each large town to a neighbouring small town in three directions.
  for (const hub of hubs) {
    for (let sector = 0; sector < 3; sector++) {
      const inSector = communes.filter((c) => {
        const d = distanceKm(hub, c);
        const angle = (Math.atan2(c.lat - hub.lat, (c.lon - hub.lon) * Math.cos((hub.lat * Math.PI) / 180)) + 2 * Math.PI) % (2 * Math.PI);
        return d >= 10 && d <= 25 && Math.floor(angle / ((2 * Math.PI) / 3)) === sector && !hubs.includes(c);
      });
      const end = inSector.sort((x, y) => weight(y) - weight(x) || x.code.localeCompare(y.code))[0];
      if (end) addLine(`${hub.nom} – ${end.nom}`, [hub, ...between(hub, end, communes, hubs), end], 3, 50);
    }
  }
  const coaches = lines.length;

  // Town buses in the two largest towns above 15,000 people: two lines across the centre.
  const urban: Stop[] = [];
  for (const town of byPopulation.slice(0, 2).filter((t) => t.population >= 15_000)) {
    const centre = stopOf(town);
    for (let k = 0; k < 2; k++) {
      const angle = (Math.PI / 2) * k + rng.next() * 0.4;
      const line: Stop[] = [];
      for (let i = -5; i <= 5; i++) {
        if (i === 0) {
          line.push(centre);
          continue;
        }
        const km = i * 0.45;
        const stop = { id: `U${town.code}-${k + 1}-${i + 5}`, name: `${town.nom} — arrêt ${k + 1}.${i + 5}`, lat: round(town.lat + (km * Math.sin(angle)) / 111.2), lon: round(town.lon + (km * Math.cos(angle)) / (111.2 * Math.cos((town.lat * Math.PI) / 180))) };
        urban.push(stop);
        line.push(stop);
      }
      lines.push({ id: `U${town.code.slice(2)}${k + 1}`, name: `${town.nom} — ligne urbaine ${k + 1}`, type: 3, stops: line, kmh: 18 });
    }
  }

  // Trips. Coaches: a few a day on school days, fewer on Saturdays; the first coach line has a late run past midnight.
  const trips: string[] = [];
  const stopTimes: string[] = [];
  const frequencies: string[] = [];
  const addTrip = (line: Line, service: string, direction: number, start: number, calls: Stop[], tag = '') => {
    const id = `${line.id}-${service}-${direction}-${clock(start).slice(0, 5).replace(':', '')}${tag}`;
    trips.push(`${line.id},${service},${id},${csv(calls[calls.length - 1].name)},${direction}`);
    let t = start;
    calls.forEach((s, i) => {
      if (i > 0) t += hop(calls[i - 1], s, line.kmh);
      const dwell = i === 0 || i === calls.length - 1 ? 0 : 30;
      stopTimes.push(`${id},${clock(t)},${clock(t + dwell)},${s.id},${i + 1}`);
      t += dwell;
    });
    return id;
  };
  const schoolDay = [6 * 60 + 35, 7 * 60 + 20, 8 * 60 + 10, 12 * 60 + 15, 16 * 60 + 50, 17 * 60 + 45, 18 * 60 + 40];
  const saturday = [8 * 60 + 30, 12 * 60 + 30, 17 * 60 + 30];
  lines.slice(0, coaches).forEach((line, n) => {
    const isTrunk = n < linked.size;
    const shift = rng.int(20) - 10;
    for (const direction of [0, 1]) {
      const calls = direction === 0 ? line.stops : [...line.stops].reverse();
      const days = isTrunk ? schoolDay : schoolDay.filter((_, k) => k % 2 === 0);
      for (const m of days) addTrip(line, SCHOOL, direction, (m + shift + direction * 5) * 60, calls);
      for (const m of isTrunk ? saturday : saturday.slice(0, 2)) addTrip(line, SATURDAY, direction, (m + shift + direction * 5) * 60, calls);
    }
  });
  // The late coach on the longest line between towns: it leaves before midnight and arrives after.
  const longest = lines.slice(0, linked.size).reduce((a, b) => (duration(b) > duration(a) ? b : a));
  addTrip(longest, SCHOOL, 0, 24 * 3600 - Math.round(duration(longest) / 120) * 60, longest.stops, '-nuit');
  // A market stop served on Saturdays only: the last coach line's Saturday runs call at a village just off it.
  const market = marketVillage(lines[coaches - 1], communes, stops);
  if (market) {
    const line = lines[coaches - 1];
    const calls = [...line.stops.slice(0, -1), stopOf(market), line.stops[line.stops.length - 1]];
    addTrip(line, SATURDAY, 0, (10 * 60 + 5) * 60, calls, '-marche');
    addTrip(line, SATURDAY, 1, (11 * 60 + 35) * 60, [...calls].reverse(), '-marche');
  }
  // Town buses: one template trip per direction and service, run every 20 minutes (30 on Saturdays).
  for (const line of lines.slice(coaches)) {
    for (const direction of [0, 1]) {
      const calls = direction === 0 ? line.stops : [...line.stops].reverse();
      const school = addTrip(line, SCHOOL, direction, 7 * 3600, calls);
      frequencies.push(`${school},07:00:00,19:40:00,1200,1`);
      const sat = addTrip(line, SATURDAY, direction, 8 * 3600 + 30 * 60, calls);
      frequencies.push(`${sat},08:30:00,18:30:00,1800,1`);
    }
  }

  const exception = holiday(debut, fin);
  const all = [...stops.values(), ...urban];
  const files: Record<string, string[]> = {
    'agency.txt': ['agency_id,agency_name,agency_url,agency_timezone,agency_lang', 'DEMO,Réseau départemental de démonstration,https://example.org/transport,Europe/Paris,fr'],
    'stops.txt': ['stop_id,stop_name,stop_lat,stop_lon', ...all.map((s) => `${s.id},${csv(s.name)},${s.lat},${s.lon}`)],
    'routes.txt': ['route_id,agency_id,route_short_name,route_long_name,route_type', ...lines.map((l) => `${l.id},DEMO,${l.id},${csv(l.name)},${l.type}`)],
    'trips.txt': ['route_id,service_id,trip_id,trip_headsign,direction_id', ...trips],
    'stop_times.txt': ['trip_id,arrival_time,departure_time,stop_id,stop_sequence', ...stopTimes],
    'calendar.txt': [
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date',
      `${SCHOOL},1,1,1,1,1,0,0,${compact(debut)},${compact(fin)}`,
      `${SATURDAY},0,0,0,0,0,1,0,${compact(debut)},${compact(fin)}`,
    ],
    'calendar_dates.txt': ['service_id,date,exception_type', `${SCHOOL},${compact(exception)},2`, `${SATURDAY},${compact(exception)},1`],
    'frequencies.txt': ['trip_id,start_time,end_time,headway_secs,exact_times', ...frequencies],
  };
  mkdirSync(dir, { recursive: true });
  const texts = Object.entries(files).map(([name, rows]) => ({ name, data: `${rows.join('\n')}\n` }));
  for (const f of texts) writeFileSync(path.join(dir, f.name), f.data);
  if (options.archive) writeFileSync(options.archive, writeZip(texts));
  return { stops: all.length, routes: lines.length, trips: trips.length, stopTimes: stopTimes.length, exception, files: texts.map((f) => path.join(dir, f.name)) };
}

type Commune = DemoFeedOptions['communes'][number];

/** Villages of 300 people or more near the straight way from a to b (within 2.5 km), 2.5 km apart, in order. */
function between(a: Commune, b: Commune, communes: Commune[], hubs: Commune[]): Commune[] {
  const kmLon = 111.2 * Math.cos((a.lat * Math.PI) / 180);
  const bx = (b.lon - a.lon) * kmLon;
  const by = (b.lat - a.lat) * 111.2;
  const length2 = bx * bx + by * by;
  const near = communes
    .filter((c) => c !== a && c !== b && !hubs.includes(c) && c.population >= 300)
    .map((c) => {
      const x = (c.lon - a.lon) * kmLon;
      const y = (c.lat - a.lat) * 111.2;
      const t = (x * bx + y * by) / length2;
      return { c, t, off: Math.abs(x * by - y * bx) / Math.sqrt(length2) };
    })
    .filter((v) => v.t > 0.05 && v.t < 0.95 && v.off <= 2.5)
    .sort((x, y) => y.c.population - x.c.population || x.c.code.localeCompare(y.c.code));
  const kept: typeof near = [];
  for (const v of near) if (kept.every((k) => distanceKm(k.c, v.c) >= 2.5) && distanceKm(a, v.c) >= 2.5 && distanceKm(b, v.c) >= 2.5) kept.push(v);
  return kept.sort((x, y) => x.t - y.t).map((v) => v.c);
}

/** A village near the line's last stop but not on any line: the Saturday market stop. */
function marketVillage(line: Line, communes: Commune[], stops: Map<string, Stop>): Commune | undefined {
  const end = line.stops[line.stops.length - 1];
  return communes
    .filter((c) => !stops.has(c.code) && c.population >= 150 && distanceKm(c, end) >= 3 && distanceKm(c, end) <= 8)
    .sort((a, b) => b.population - a.population || a.code.localeCompare(b.code))[0];
}

/** 11 November within the period (a public holiday: Saturday timetable), else the 30th day. */
function holiday(debut: string, fin: string): string {
  for (let y = Number(debut.slice(0, 4)); y <= Number(fin.slice(0, 4)); y++) {
    const d = `${y}-11-11`;
    if (d >= debut && d <= fin) return d;
  }
  return new Date(Date.parse(`${debut}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
}

/** A line's running time end to end, with its stops. */
const duration = (line: Line) => line.stops.slice(1).reduce((t, s, i) => t + hop(line.stops[i], s, line.kmh) + 30, 0);

/** Driving time between stops: road ≈ 1.25 × straight line, to the minute. */
const hop = (a: Point, b: Point, kmh: number) => Math.max(60, Math.round(((distanceKm(a, b) * 1.25) / kmh) * 60) * 60);
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const compact = (date: string) => date.replaceAll('-', '');
const csv = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
