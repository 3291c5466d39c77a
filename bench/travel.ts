// Travel-time matrix benchmark (#8): 30,000 origins (a 200 m grid's populated cells) to 200
// service points, on foot + public transport, median over departures every minute from 8:00
// to 10:00, on a synthetic feed of about 2,000 stops and 30,000 stop times. Prints each
// phase, origins per second, the total and the peak memory. Not a timed test: the target
// (under 30 s on a 2-core machine) is read, not asserted.
//   npx tsx bench/travel.ts [--origines 30000] [--destinations 200] [--max 60]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../pipelines/random.ts';
import type { Point } from '../pipelines/reference/geo.ts';
import { clock, readGtfs } from '../pipelines/travel/gtfs.ts';
import { buildTimetable } from '../pipelines/travel/timetable.ts';
import { NOT_REACHED, TransitSearch } from '../pipelines/travel/traveltimes.ts';
import { straightWalker } from '../pipelines/travel/walking.ts';

const { values } = parseArgs({ options: { origines: { type: 'string', default: '30000' }, destinations: { type: 'string', default: '200' }, max: { type: 'string', default: '60' } } });
const ORIGINS = Number(values.origines);
const DESTINATIONS = Number(values.destinations);
const MAX_MINUTES = Number(values.max);

const fr = (n: number, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
const rng = new Rng(8, 'bench-transit');

// A 70 × 70 km département: 40 towns, intercity lines between neighbouring towns, urban lines in the 12 largest.
const CENTRE = { lat: 47.6, lon: 1.3 };
const KM_LAT = 1 / 111.2;
const KM_LON = 1 / (111.2 * Math.cos((CENTRE.lat * Math.PI) / 180));
const at = (p: Point, dxKm: number, dyKm: number): Point => ({ lat: p.lat + dyKm * KM_LAT, lon: p.lon + dxKm * KM_LON });
const towns = Array.from({ length: 40 }, (_, i) => ({
  ...at(CENTRE, (rng.next() - 0.5) * 70, (rng.next() - 0.5) * 70),
  weight: i < 3 ? 8 : i < 10 ? 3 : 1,
}));

function writeSyntheticFeed(dir: string): { stops: number; stopTimes: number } {
  mkdirSync(dir, { recursive: true });
  const stops: string[] = [];
  const trips: string[] = [];
  const times: string[] = [];
  let stopTimes = 0;
  const addStop = (p: Point) => {
    const id = `S${stops.length}`;
    stops.push(`${id},Arrêt ${stops.length},${p.lat.toFixed(6)},${p.lon.toFixed(6)}`);
    return id;
  };
  const addLine = (name: string, line: string[], secondsPerStop: number[], firstHour: number, lastHour: number, headwayMinutes: number) => {
    for (const direction of [0, 1]) {
      const order = direction === 0 ? line : [...line].reverse();
      const hops = direction === 0 ? secondsPerStop : [...secondsPerStop].reverse();
      for (let start = firstHour * 3600 + rng.int(headwayMinutes) * 60; start < lastHour * 3600; start += headwayMinutes * 60) {
        const trip = `${name}-${direction}-${start}`;
        trips.push(`${name},S,${trip}`);
        let t = start;
        order.forEach((stop, i) => {
          if (i > 0) t += hops[i - 1];
          times.push(`${trip},${clock(t)},${clock(t + (i === 0 ? 0 : 20))},${stop},${i + 1}`);
          t += i === 0 ? 0 : 20;
          stopTimes++;
        });
      }
    }
  };
  // Town hubs: one stop shared by every line of the town.
  const hubs = towns.map((t) => addStop(t));
  let lines = 0;
  // Intercity: each town to its three nearest, a stop every 400 m or so, a coach every 3 hours.
  const done = new Set<string>();
  towns.forEach((a, i) => {
    const near = towns.map((b, j) => ({ j, d: Math.hypot((a.lat - b.lat) / KM_LAT, (a.lon - b.lon) / KM_LON) })).filter((x) => x.j !== i).sort((x, y) => x.d - y.d).slice(0, 3);
    for (const { j, d } of near) {
      const key = [i, j].sort().join('-');
      if (done.has(key)) continue;
      done.add(key);
      const n = Math.max(2, Math.round(d / 0.42));
      const line = [hubs[i]];
      for (let k = 1; k < n; k++) {
        const f = k / n;
        line.push(addStop(at({ lat: a.lat + (towns[j].lat - a.lat) * f, lon: a.lon + (towns[j].lon - a.lon) * f }, (rng.next() - 0.5) * 0.6, (rng.next() - 0.5) * 0.6)));
      }
      line.push(hubs[j]);
      const hop = line.slice(1).map(() => Math.round((d / n / 40) * 3600));
      addLine(`L${lines++}`, line, hop, 6, 21, 180);
    }
  });
  // Urban lines: in the 12 largest towns, lines across the centre, a stop every 400 m.
  towns.slice(0, 12).forEach((t, i) => {
    const big = t.weight >= 8;
    const count = big ? 4 : 2;
    for (let k = 0; k < count; k++) {
      const angle = (Math.PI * k) / count + rng.next() * 0.3;
      const stopsOnLine = big ? 20 : 12;
      const line: string[] = [];
      for (let s = 0; s < stopsOnLine; s++) {
        const r = (s - (stopsOnLine - 1) / 2) * 0.4;
        line.push(s === Math.floor(stopsOnLine / 2) ? hubs[i] : addStop(at(t, r * Math.cos(angle), r * Math.sin(angle))));
      }
      addLine(`U${i}-${k}`, line, line.slice(1).map(() => 75), 7, 19, big ? 30 : 60);
    }
  });
  const write = (name: string, header: string, rows: string[]) => writeFileSync(path.join(dir, `${name}.txt`), `${header}\n${rows.join('\n')}\n`);
  write('agency', 'agency_id,agency_name,agency_url,agency_timezone', ['A,Réseau,https://example.org,Europe/Paris']);
  write('stops', 'stop_id,stop_name,stop_lat,stop_lon', stops);
  write('routes', 'route_id,agency_id,route_short_name,route_type', [...new Set(trips.map((t) => t.split(',')[0]))].map((r) => `${r},A,${r},3`));
  write('trips', 'route_id,service_id,trip_id', trips);
  write('stop_times', 'trip_id,arrival_time,departure_time,stop_id,stop_sequence', times);
  write('calendar', 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date', ['S,1,1,1,1,1,0,0,20250901,20260831']);
  return { stops: stops.length, stopTimes };
}

/** Points around towns (most people live there), the rest spread out: populated grid cells. */
function scatter(count: number, spreadKm: number): Point[] {
  const total = towns.reduce((s, t) => s + t.weight, 0);
  return Array.from({ length: count }, () => {
    if (rng.chance(0.15)) return at(CENTRE, (rng.next() - 0.5) * 70, (rng.next() - 0.5) * 70);
    let x = rng.next() * total;
    const town = towns.find((t) => (x -= t.weight) < 0) ?? towns[0];
    return at(town, rng.normal() * spreadKm, rng.normal() * spreadKm);
  });
}

const dir = path.join(tmpdir(), `solidata-bench-transit-${process.pid}`);
const phases: [string, number][] = [];
let mark = performance.now();
const phase = (name: string) => {
  const now = performance.now();
  phases.push([name, now - mark]);
  mark = now;
};

const size = writeSyntheticFeed(dir);
let cpu = process.cpuUsage();
const origins = scatter(ORIGINS, 2.5);
const destinations = scatter(DESTINATIONS, 1.5);
phase('flux synthétique écrit');
const started = performance.now();
cpu = process.cpuUsage();
mark = started;
const feed = readGtfs(dir);
phase('lecture et contrôle du GTFS');
const window = { from: 8 * 3600, to: 10 * 3600, step: 60 };
const maxSeconds = MAX_MINUTES * 60;
const timetable = buildTimetable(feed, { date: '2025-09-09', from: window.from - 3600, to: window.to + 2 * maxSeconds });
phase('horaires du mardi');
const search = new TransitSearch({ timetable, origins, destinations, walker: straightWalker(), window, maxSeconds });
phase('marche et profils des arrêts (rRAPTOR)');
const matrix = search.matrix();
phase('médianes par origine');
const total = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
rmSync(dir, { recursive: true, force: true });

let reached = 0;
for (const s of matrix.seconds) if (s !== NOT_REACHED) reached++;
console.log(`Flux : ${fr(size.stops)} arrêts, ${fr(size.stopTimes)} horaires d’arrêt, ${fr(timetable.tripCount)} courses le mardi, ${fr(timetable.routeCount)} itinéraires RAPTOR.`);
console.log(`Matrice : ${fr(ORIGINS)} origines × ${fr(DESTINATIONS)} destinations, départs chaque minute de 8:00 à 10:00, au plus ${MAX_MINUTES} min ; ${fr((100 * reached) / matrix.seconds.length, 1)} % des paires atteintes.`);
console.log(`Profils : ${fr(search.profiles.stepDeparture.length)} paliers (départ, arrivée) pour ${fr(search.profiles.entryDestination.length)} couples arrêt–destination.`);
for (const [name, ms] of phases.slice(1)) console.log(`  ${name.padEnd(40)} ${fr(ms / 1000, 2).padStart(7)} s`);
console.log(`Total : ${fr(total, 2)} s (temps processeur ${fr((used.user + used.system) / 1e6, 2)} s : la machine peut être partagée), ${fr(ORIGINS / total)} origines/s ; mémoire maximale ${fr(process.resourceUsage().maxRSS / 1024)} Mo.`);
