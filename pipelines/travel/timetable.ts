// One day's timetable, laid out for RAPTOR: the trips that run on the day (calendar and its
// exceptions), the previous day's trips still running after midnight (GTFS times past 24:00:00)
// and the next day's first ones, frequency-based trips expanded into departures, missing times
// between timepoints interpolated, and trips grouped into routes whose trips never overtake
// one another (what RAPTOR's "earliest trip" search needs).
import { distanceKm } from '../reference/geo.ts';
import type { GtfsFeed, GtfsStopTime } from './gtfs.ts';

export const DAY = 86_400;

export interface Timetable {
  /** AAAA-MM-JJ: times are seconds after this day's midnight (negative: the day before). */
  date: string;
  stopCount: number;
  stopIds: string[];
  stopNames: string[];
  lat: Float64Array;
  lon: Float64Array;
  routeCount: number;
  /** Route r's stops are routeStops[routeStopStart[r] .. routeStopStart[r + 1]). */
  routeStopStart: Int32Array;
  routeStops: Int32Array;
  /** Per route stop: 1 when boarding (pickup) or alighting (drop-off) is allowed there. */
  pickup: Uint8Array;
  dropoff: Uint8Array;
  routeTripCount: Int32Array;
  /** Route r's times, stop-major: the time of trip j at its i-th stop is at routeTimeStart[r] + i * trips + j. */
  routeTimeStart: Int32Array;
  arrivals: Int32Array;
  departures: Int32Array;
  /** The GTFS route of each RAPTOR route (short name, else id), for messages. */
  routeLabels: string[];
  /** The routes through stop s, and the stop's position on each. */
  stopRouteStart: Int32Array;
  stopRoutes: Int32Array;
  stopRouteIndex: Int32Array;
  tripCount: number;
}

export interface TimetableOptions {
  /** AAAA-MM-JJ. */
  date: string;
  /** Only trips running within [from, to] (seconds after midnight) are kept; default the whole day and the night after. */
  from?: number;
  to?: number;
}

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** 0 for Monday … 6 for Sunday. */
export const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
export const weekdayName = (date: string) => WEEKDAYS[weekdayOf(date)];
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY * 1000).toISOString().slice(0, 10);
const compact = (date: string) => date.replaceAll('-', '');

/** The services running on a day: calendar.txt's weekdays within its dates, then calendar_dates.txt's additions and removals. */
export function activeServices(feed: GtfsFeed, date: string): Set<string> {
  const d = compact(date);
  const weekday = weekdayOf(date);
  const active = new Set<string>();
  for (const c of feed.calendars) if (c.start_date <= d && d <= c.end_date && c.days[weekday]) active.add(c.service_id);
  for (const x of feed.calendarDates) {
    if (x.date !== d) continue;
    if (x.exception_type === 1) active.add(x.service_id);
    else active.delete(x.service_id);
  }
  return active;
}

/** The first and last day any service runs (AAAA-MM-JJ), or undefined for an empty calendar. */
export function feedPeriod(feed: GtfsFeed): { first: string; last: string } | undefined {
  const days = [...feed.calendars.flatMap((c) => [c.start_date, c.end_date]), ...feed.calendarDates.filter((x) => x.exception_type === 1).map((x) => x.date)].sort();
  if (days.length === 0) return undefined;
  const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
  return { first: iso(days[0]), last: iso(days[days.length - 1]) };
}

/**
 * A typical day of the given weekday (default Tuesday) in the feed's period: the one with the
 * most trips, the earliest of equals; holidays and strike days have fewer and are passed over.
 */
export function typicalDay(feed: GtfsFeed, weekday = 1): string | undefined {
  const period = feedPeriod(feed);
  if (!period) return undefined;
  const tripsPerService = new Map<string, number>();
  for (const t of feed.trips) tripsPerService.set(t.service_id, (tripsPerService.get(t.service_id) ?? 0) + 1);
  let best: string | undefined;
  let most = -1;
  for (let d = period.first; d <= period.last; d = addDays(d, 1)) {
    if (weekdayOf(d) !== weekday) continue;
    let trips = 0;
    for (const s of activeServices(feed, d)) trips += tripsPerService.get(s) ?? 0;
    if (trips > most) {
      most = trips;
      best = d;
    }
  }
  return best;
}

interface TripInstance {
  stops: Int32Array;
  arr: Int32Array;
  dep: Int32Array;
  key: string;
  label: string;
}

export function buildTimetable(feed: GtfsFeed, options: TimetableOptions): Timetable {
  const { date } = options;
  const from = options.from ?? 0;
  const to = options.to ?? 2 * DAY;

  // Stops: those some trip serves, in file order.
  const used = new Set(feed.stopTimes.map((st) => st.stop_id));
  const stops = feed.stops.filter((s) => used.has(s.stop_id));
  const stopIndex = new Map(stops.map((s, i) => [s.stop_id, i]));
  const lat = Float64Array.from(stops, (s) => s.stop_lat ?? NaN);
  const lon = Float64Array.from(stops, (s) => s.stop_lon ?? NaN);

  const routeLabel = new Map(feed.routes.map((r) => [r.route_id, r.route_short_name || r.route_id]));
  const tripInfo = new Map(feed.trips.map((t) => [t.trip_id, t]));
  const frequencies = new Map<string, typeof feed.frequencies>();
  for (const f of feed.frequencies) frequencies.set(f.trip_id, [...(frequencies.get(f.trip_id) ?? []), f]);
  const days = [-1, 0, 1].map((offset) => ({ shift: offset * DAY, services: activeServices(feed, addDays(date, offset)) }));

  const instances: TripInstance[] = [];
  const keep = (arr: Int32Array, dep: Int32Array) => arr[arr.length - 1] >= from && dep[0] <= to;
  forEachTrip(feed.stopTimes, (tripId, rows) => {
    const trip = tripInfo.get(tripId);
    if (!trip) return;
    const running = days.filter((d) => d.services.has(trip.service_id));
    if (running.length === 0) return;
    const stopsOf = Int32Array.from(rows, (r) => stopIndex.get(r.stop_id)!);
    const { arr, dep } = interpolate(rows, stopsOf, lat, lon);
    const key = `${stopsOf.join(',')}|${rows.map((r) => `${r.pickup_type === 1 ? 0 : 1}${r.drop_off_type === 1 ? 0 : 1}`).join('')}`;
    const label = routeLabel.get(trip.route_id) ?? trip.route_id;
    // Starts of the trip: its own times, or every headway of its frequencies (times then relative to its first departure).
    const starts = frequencies.has(tripId)
      ? frequencies.get(tripId)!.flatMap((f) => range(f.start_time, f.end_time, f.headway_secs)).map((s) => s - dep[0])
      : [0];
    for (const { shift } of running) {
      for (const offset of starts) {
        const a = arr.map((t) => t + offset + shift);
        const d = dep.map((t) => t + offset + shift);
        if (keep(a, d)) instances.push({ stops: stopsOf, arr: a, dep: d, key, label });
      }
    }
  });

  // Routes: trips of one stop pattern, split so that no trip overtakes another within a route.
  const patterns = new Map<string, TripInstance[]>();
  for (const t of instances) {
    let list = patterns.get(t.key);
    if (!list) patterns.set(t.key, (list = []));
    list.push(t);
  }
  const routes: TripInstance[][] = [];
  for (const trips of patterns.values()) {
    trips.sort((a, b) => a.dep[0] - b.dep[0] || a.arr[a.arr.length - 1] - b.arr[b.arr.length - 1]);
    const split: TripInstance[][] = [];
    for (const t of trips) {
      const home = split.find((r) => !overtakes(r[r.length - 1], t));
      if (home) home.push(t);
      else split.push([t]);
    }
    routes.push(...split);
  }

  const routeCount = routes.length;
  const routeStopStart = new Int32Array(routeCount + 1);
  const routeTimeStart = new Int32Array(routeCount);
  const routeTripCount = new Int32Array(routeCount);
  let stopTotal = 0;
  let timeTotal = 0;
  routes.forEach((trips, r) => {
    routeStopStart[r] = stopTotal;
    routeTimeStart[r] = timeTotal;
    routeTripCount[r] = trips.length;
    stopTotal += trips[0].stops.length;
    timeTotal += trips[0].stops.length * trips.length;
  });
  routeStopStart[routeCount] = stopTotal;
  const routeStops = new Int32Array(stopTotal);
  const pickup = new Uint8Array(stopTotal);
  const dropoff = new Uint8Array(stopTotal);
  const arrivals = new Int32Array(timeTotal);
  const departures = new Int32Array(timeTotal);
  routes.forEach((trips, r) => {
    const first = trips[0];
    const flags = first.key.slice(first.key.indexOf('|') + 1);
    const n = first.stops.length;
    for (let i = 0; i < n; i++) {
      routeStops[routeStopStart[r] + i] = first.stops[i];
      pickup[routeStopStart[r] + i] = flags[2 * i] === '1' ? 1 : 0;
      dropoff[routeStopStart[r] + i] = flags[2 * i + 1] === '1' ? 1 : 0;
      for (let j = 0; j < trips.length; j++) {
        arrivals[routeTimeStart[r] + i * trips.length + j] = trips[j].arr[i];
        departures[routeTimeStart[r] + i * trips.length + j] = trips[j].dep[i];
      }
    }
  });

  // Stop → routes index.
  const stopCount = stops.length;
  const stopRouteStart = new Int32Array(stopCount + 1);
  for (let k = 0; k < stopTotal; k++) stopRouteStart[routeStops[k] + 1]++;
  for (let s = 0; s < stopCount; s++) stopRouteStart[s + 1] += stopRouteStart[s];
  const fill = stopRouteStart.slice(0, stopCount);
  const stopRoutes = new Int32Array(stopTotal);
  const stopRouteIndex = new Int32Array(stopTotal);
  for (let r = 0; r < routeCount; r++) {
    for (let k = routeStopStart[r]; k < routeStopStart[r + 1]; k++) {
      const at = fill[routeStops[k]]++;
      stopRoutes[at] = r;
      stopRouteIndex[at] = k - routeStopStart[r];
    }
  }

  return {
    date, stopCount, stopIds: stops.map((s) => s.stop_id), stopNames: stops.map((s) => s.stop_name ?? s.stop_id), lat, lon,
    routeCount, routeStopStart, routeStops, pickup, dropoff, routeTripCount, routeTimeStart, arrivals, departures,
    routeLabels: routes.map((trips) => trips[0].label), stopRouteStart, stopRoutes, stopRouteIndex, tripCount: instances.length,
  };
}

/** Calls back once per trip with its rows (the feed keeps them grouped by trip, in order). */
function forEachTrip(rows: GtfsStopTime[], each: (trip: string, rows: GtfsStopTime[]) => void): void {
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i].trip_id !== rows[start].trip_id) {
      each(rows[start].trip_id, rows.slice(start, i));
      start = i;
    }
  }
}

/**
 * Arrival and departure at every stop: a missing one takes the other's value; stops with
 * neither (between timepoints) get times in proportion to the distance along the trip.
 */
function interpolate(rows: GtfsStopTime[], stops: Int32Array, lat: Float64Array, lon: Float64Array): { arr: Int32Array; dep: Int32Array } {
  const n = rows.length;
  const arr = new Int32Array(n);
  const dep = new Int32Array(n);
  const along = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    along[i] = along[i - 1] + distanceKm({ lat: lat[stops[i - 1]], lon: lon[stops[i - 1]] }, { lat: lat[stops[i]], lon: lon[stops[i]] });
  }
  let known = 0;
  for (let i = 0; i < n; i++) {
    const a = rows[i].arrival_time ?? rows[i].departure_time;
    const d = rows[i].departure_time ?? rows[i].arrival_time;
    if (a === undefined || d === undefined) continue;
    arr[i] = a;
    dep[i] = d;
    // Fill the gap since the previous timepoint.
    for (let k = known + 1; k < i; k++) {
      const span = along[i] - along[known];
      const share = span > 0 ? (along[k] - along[known]) / span : (k - known) / (i - known);
      arr[k] = dep[k] = Math.round(dep[known] + share * (a - dep[known]));
    }
    known = i;
  }
  return { arr, dep };
}

/** Whether trip b, departing after a at the first stop, is ever earlier than a further on. */
function overtakes(a: TripInstance, b: TripInstance): boolean {
  for (let i = 0; i < a.arr.length; i++) if (b.arr[i] < a.arr[i] || b.dep[i] < a.dep[i]) return true;
  return false;
}

function range(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let t = start; t < end; t += step) out.push(t);
  return out;
}
