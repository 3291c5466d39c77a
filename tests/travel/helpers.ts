// Shared by the transit tests: a GTFS feed written from a compact description, and a
// brute-force search that knows nothing of RAPTOR, to compare with.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Point } from '../../pipelines/reference/geo.ts';
import { clock } from '../../pipelines/travel/gtfs.ts';
import type { Walker } from '../../pipelines/travel/walking.ts';
import { tempDir } from '../helpers/fixtures.ts';

export interface SpecStop { id: string; lat: number; lon: number }
/** [stop, arrival, departure?, no pickup?, no drop-off?] with times in seconds (past 24 h allowed). */
export type SpecCall = [string, number, number?, boolean?, boolean?];
export interface SpecTrip { id: string; route?: string; service?: string; calls: SpecCall[] }
export interface FeedSpec {
  stops: SpecStop[];
  trips: SpecTrip[];
  /** service → [days Monday first as '1111100', start AAAAMMJJ, end AAAAMMJJ]; default one service every day of 2025. */
  calendar?: Record<string, [string, string, string]>;
  calendarDates?: [string, string, 1 | 2][];
  frequencies?: [string, number, number, number][];
}

export const h = (hours: number, minutes = 0, seconds = 0) => hours * 3600 + minutes * 60 + seconds;

export function writeFeed(spec: FeedSpec, dir = tempDir('solidata-gtfs-')): string {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, header: string, rows: string[]) => writeFileSync(path.join(dir, `${name}.txt`), [header, ...rows].join('\n') + '\n');
  write('agency', 'agency_id,agency_name,agency_url,agency_timezone', ['A,Réseau test,https://example.org,Europe/Paris']);
  write('stops', 'stop_id,stop_name,stop_lat,stop_lon', spec.stops.map((s) => `${s.id},Arrêt ${s.id},${s.lat},${s.lon}`));
  const routes = [...new Set(spec.trips.map((t) => t.route ?? 'R'))];
  write('routes', 'route_id,agency_id,route_short_name,route_type', routes.map((r) => `${r},A,${r},3`));
  write('trips', 'route_id,service_id,trip_id', spec.trips.map((t) => `${t.route ?? 'R'},${t.service ?? 'S'},${t.id}`));
  write('stop_times', 'trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type', spec.trips.flatMap((t) =>
    t.calls.map(([stop, a, d, noPickup, noDrop], i) => `${t.id},${clock(a)},${clock(d ?? a)},${stop},${i + 1},${noPickup ? 1 : 0},${noDrop ? 1 : 0}`)));
  const calendar = spec.calendar ?? { S: ['1111111', '20250101', '20251231'] };
  write('calendar', 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date',
    Object.entries(calendar).map(([id, [days, start, end]]) => `${id},${days.split('').join(',')},${start},${end}`));
  if (spec.calendarDates) write('calendar_dates', 'service_id,date,exception_type', spec.calendarDates.map((x) => x.join(',')));
  if (spec.frequencies) write('frequencies', 'trip_id,start_time,end_time,headway_secs', spec.frequencies.map(([t, a, b, hw]) => `${t},${clock(a)},${clock(b)},${hw}`));
  return dir;
}

export interface BruteNetwork {
  stops: SpecStop[];
  /** Trips running on the day, times in seconds of the day. */
  trips: SpecTrip[];
  walker: Walker;
  maxAccessSeconds: number;
  maxTransferSeconds: number;
}

/**
 * Earliest arrival at each destination, by at least one vehicle, leaving the origin at t: a
 * fixpoint over every trip and footpath until nothing improves. Infinity when not reached.
 */
export function bruteForceArrivals(net: BruteNetwork, origin: Point, t: number, destinations: Point[], maxSeconds: number): number[] {
  const { trips, walker } = net;
  // The network is the stops some trip calls at: a stop no trip serves is no place to walk through.
  const served = new Set(trips.flatMap((trip) => trip.calls.map((c) => c[0])));
  const stops = net.stops.filter((s) => served.has(s.id));
  const index = new Map(stops.map((s, i) => [s.id, i]));
  const accessLimit = Math.min(net.maxAccessSeconds, maxSeconds);
  const any = stops.map((s) => {
    const w = walker.seconds(origin, s);
    return w <= accessLimit ? t + w : Infinity;
  });
  const reached = stops.map(() => Infinity);
  const byVehicle = stops.map(() => Infinity);
  for (let changed = true; changed;) {
    changed = false;
    for (const trip of trips) {
      let onboard = false;
      for (const [stop, arr, dep = arr, noPickup, noDrop] of trip.calls) {
        const p = index.get(stop)!;
        if (onboard && !noDrop) {
          if (arr < byVehicle[p]) { byVehicle[p] = arr; changed = true; }
          if (arr < reached[p]) reached[p] = arr;
          if (arr < any[p]) any[p] = arr;
        }
        if (!onboard && !noPickup && any[p] <= dep) onboard = true;
      }
    }
    for (let p = 0; p < stops.length; p++) {
      if (byVehicle[p] === Infinity) continue;
      for (let q = 0; q < stops.length; q++) {
        if (q === p) continue;
        const w = walker.seconds(stops[p], stops[q]);
        if (w > net.maxTransferSeconds) continue;
        const a = byVehicle[p] + w;
        if (a < reached[q]) { reached[q] = a; changed = true; }
        if (a < any[q]) { any[q] = a; changed = true; }
      }
    }
  }
  return destinations.map((d) => {
    let best = Infinity;
    stops.forEach((s, p) => {
      const w = walker.seconds(s, d);
      if (w <= accessLimit && reached[p] + w < best) best = reached[p] + w;
    });
    return best;
  });
}

/** The lower median of a list (the value at index ⌊(n − 1) / 2⌋ once sorted). */
export const lowerMedian = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
