// RAPTOR (Delling, Pajor, Werneck, "Round-Based Public Transit Routing", 2012): rounds that
// scan each route at most once, boarding the earliest trip catchable at each stop, then walk
// one footpath to nearby stops. Earliest arrival only (no limit on the number of vehicles), so
// labels need not be kept per round. Its range variant (rRAPTOR) gives, from one stop, the
// earliest arrival at every destination for every departure in a time range: departures are
// run latest first and labels are kept from one run to the next (leaving earlier, one can
// always wait for a later journey), so each run only explores what it improves.
//
// What a journey is, here and in the brute-force search the tests compare with: walk to a
// stop (or start there), then one or more vehicles, between two of them at most one footpath
// (or none, at the same stop), then walk to the destination. Walking all the way is counted
// apart, by the caller.
import type { Timetable } from './timetable.ts';
import type { Neighbours } from './walking.ts';

export const UNREACHED = 2 ** 30;

export class Raptor {
  /** Best arrival by any means, starting labels included: where one may board. */
  readonly arrival: Int32Array;
  /** Best arrival after at least one vehicle (by vehicle or by a footpath after one): where one may walk on from. */
  readonly reached: Int32Array;
  /** Best arrival by vehicle: footpaths start from these only (one footpath between vehicles). */
  readonly byVehicle: Int32Array;
  /** Best arrival at each destination, through the `egress` walks. */
  readonly destination: Int32Array;
  /** Destinations improved since the last `takeImprovedDestinations`. */
  private readonly destTouched: Uint8Array;
  private readonly destList: Int32Array;
  private destCount = 0;

  private readonly boardMark: Uint8Array;
  private readonly boardList: Int32Array;
  private boardCount = 0;
  private readonly walkMark: Uint8Array;
  private readonly walkList: Int32Array;
  private walkCount = 0;
  private readonly routeFrom: Int32Array;
  private readonly routeList: Int32Array;

  constructor(
    private readonly tt: Timetable,
    /** Footpaths between stops (stop → stop), both ways listed. */
    private readonly transfers: Neighbours,
    /** Walks from stops to destinations (stop → destination); none for stop-to-stop queries. */
    private readonly egress?: Neighbours,
    destinations = 0,
  ) {
    const n = tt.stopCount;
    this.arrival = new Int32Array(n).fill(UNREACHED);
    this.reached = new Int32Array(n).fill(UNREACHED);
    this.byVehicle = new Int32Array(n).fill(UNREACHED);
    this.boardMark = new Uint8Array(n);
    this.boardList = new Int32Array(n);
    this.walkMark = new Uint8Array(n);
    this.walkList = new Int32Array(n);
    this.routeFrom = new Int32Array(tt.routeCount).fill(-1);
    this.routeList = new Int32Array(tt.routeCount);
    this.destination = new Int32Array(destinations).fill(UNREACHED);
    this.destTouched = new Uint8Array(destinations);
    this.destList = new Int32Array(destinations);
  }

  /** Forgets every label: a new search. */
  reset(): void {
    this.arrival.fill(UNREACHED);
    this.reached.fill(UNREACHED);
    this.byVehicle.fill(UNREACHED);
    this.destination.fill(UNREACHED);
    this.takeImprovedDestinations(() => {});
  }

  /** Being at a stop at a time, ready to board (after walking there, or as the journey's start). */
  start(stop: number, time: number): void {
    if (time < this.arrival[stop]) {
      this.arrival[stop] = time;
      this.markBoard(stop);
    }
  }

  /** Rounds until nothing improves; arrivals later than `limit` are dropped. */
  run(limit = UNREACHED - 1): void {
    const { stopRouteStart, stopRoutes, stopRouteIndex, routeStopStart, routeStops, pickup, dropoff, routeTripCount, routeTimeStart, arrivals, departures } = this.tt;
    const { arrival, routeFrom, routeList, boardMark, boardList, walkMark, walkList, byVehicle } = this;
    const { start: fpStart, index: fpStop, seconds: fpSeconds } = this.transfers;
    while (this.boardCount > 0) {
      // Routes through the stops improved last round, each from its first such stop.
      let routes = 0;
      for (let k = 0; k < this.boardCount; k++) {
        const p = boardList[k];
        boardMark[p] = 0;
        for (let e = stopRouteStart[p]; e < stopRouteStart[p + 1]; e++) {
          const r = stopRoutes[e];
          const i = stopRouteIndex[e];
          if (pickup[routeStopStart[r] + i] === 0) continue;
          const from = routeFrom[r];
          if (from < 0) {
            routeFrom[r] = i;
            routeList[routes++] = r;
          } else if (i < from) routeFrom[r] = i;
        }
      }
      this.boardCount = 0;

      for (let k = 0; k < routes; k++) {
        const r = routeList[k];
        const first = routeFrom[r];
        routeFrom[r] = -1;
        const s0 = routeStopStart[r];
        const n = routeStopStart[r + 1] - s0;
        const trips = routeTripCount[r];
        const base = routeTimeStart[r];
        let t = -1;
        for (let i = first; i < n; i++) {
          const p = routeStops[s0 + i];
          const row = base + i * trips;
          if (t >= 0 && dropoff[s0 + i] === 1) {
            const a = arrivals[row + t];
            if (a <= limit) this.vehicleArrival(p, a);
          }
          if (pickup[s0 + i] === 1) {
            const tau = arrival[p];
            if (tau >= UNREACHED) continue;
            if (t < 0) {
              // The earliest trip leaving at or after tau (trips of a route never overtake).
              let lo = 0;
              let hi = trips;
              while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (departures[row + mid] < tau) lo = mid + 1;
                else hi = mid;
              }
              if (lo < trips) t = lo;
            } else if (tau <= departures[row + t]) {
              while (t > 0 && departures[row + t - 1] >= tau) t--;
            }
          }
        }
      }

      // One footpath from each stop a vehicle improved.
      for (let k = 0; k < this.walkCount; k++) {
        const p = walkList[k];
        walkMark[p] = 0;
        const a = byVehicle[p];
        for (let e = fpStart[p]; e < fpStart[p + 1]; e++) {
          const b = a + fpSeconds[e];
          if (b <= limit) this.reachedArrival(fpStop[e], b);
        }
      }
      this.walkCount = 0;
    }
  }

  /** Calls back with each destination improved since the last call, and forgets them. */
  takeImprovedDestinations(each: (destination: number, arrival: number) => void): void {
    for (let k = 0; k < this.destCount; k++) {
      const d = this.destList[k];
      this.destTouched[d] = 0;
      each(d, this.destination[d]);
    }
    this.destCount = 0;
  }

  private vehicleArrival(p: number, a: number): void {
    if (a < this.byVehicle[p]) {
      this.byVehicle[p] = a;
      if (this.walkMark[p] === 0) {
        this.walkMark[p] = 1;
        this.walkList[this.walkCount++] = p;
      }
    }
    this.reachedArrival(p, a);
  }

  private reachedArrival(p: number, a: number): void {
    if (a < this.reached[p]) {
      this.reached[p] = a;
      const egress = this.egress;
      if (egress) {
        for (let e = egress.start[p]; e < egress.start[p + 1]; e++) {
          const d = egress.index[e];
          const b = a + egress.seconds[e];
          if (b < this.destination[d]) {
            this.destination[d] = b;
            if (this.destTouched[d] === 0) {
              this.destTouched[d] = 1;
              this.destList[this.destCount++] = d;
            }
          }
        }
      }
    }
    if (a < this.arrival[p]) {
      this.arrival[p] = a;
      this.markBoard(p);
    }
  }

  private markBoard(p: number): void {
    if (this.boardMark[p] === 0) {
      this.boardMark[p] = 1;
      this.boardList[this.boardCount++] = p;
    }
  }
}

/**
 * From every stop, for every destination: the departures from the stop after which the
 * earliest arrival at the destination gets better (profile steps), latest first. From a stop
 * at time τ, the earliest arrival is that of the first step whose departure is ≥ τ.
 */
export interface StopProfiles {
  /** Stop s's entries are [entryStart[s], entryStart[s + 1]). */
  entryStart: Int32Array;
  entryDestination: Int32Array;
  /** Entry e's steps are [stepStart[e], stepStart[e + 1]), departures decreasing, arrivals decreasing. */
  stepStart: Int32Array;
  stepDeparture: Int32Array;
  stepArrival: Int32Array;
}

export interface ProfileOptions {
  /** Departures from each stop within [from, to] are run. */
  from: number;
  to: number;
  /** Arrivals more than this many seconds after the departure are not looked for. */
  maxSeconds: number;
  /** Only these stops (default all): the ones some origin can walk to. */
  sources?: Iterable<number>;
}

export function stopProfiles(tt: Timetable, transfers: Neighbours, egress: Neighbours, destinations: number, options: ProfileOptions): StopProfiles {
  const raptor = new Raptor(tt, transfers, egress, destinations);
  const entryStart = new Int32Array(tt.stopCount + 1);
  const entryDestination = new IntBuffer();
  const stepStart = new IntBuffer();
  const stepDeparture = new IntBuffer();
  const stepArrival = new IntBuffer();
  const sources = new Uint8Array(tt.stopCount);
  if (options.sources) for (const s of options.sources) sources[s] = 1;
  else sources.fill(1);
  // Steps of the current stop, before grouping them by destination.
  let dest: number[] = [];
  let dep: number[] = [];
  let arr: number[] = [];
  for (let s = 0; s < tt.stopCount; s++) {
    entryStart[s] = entryDestination.length;
    if (sources[s] === 0) continue;
    const times = departuresAt(tt, s, options.from, options.to);
    if (times.length === 0) continue;
    raptor.reset();
    dest = [];
    dep = [];
    arr = [];
    for (let k = times.length - 1; k >= 0; k--) {
      const t = times[k];
      raptor.start(s, t);
      raptor.run(t + options.maxSeconds);
      raptor.takeImprovedDestinations((d, a) => {
        dest.push(d);
        dep.push(t);
        arr.push(a);
      });
    }
    // Group by destination, keeping the latest-first order of each.
    const order = dest.map((_, i) => i).sort((a, b) => dest[a] - dest[b] || a - b);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      if (k === 0 || dest[order[k - 1]] !== dest[i]) {
        entryDestination.push(dest[i]);
        stepStart.push(stepDeparture.length);
      }
      stepDeparture.push(dep[i]);
      stepArrival.push(arr[i]);
    }
  }
  entryStart[tt.stopCount] = entryDestination.length;
  stepStart.push(stepDeparture.length);
  return {
    entryStart,
    entryDestination: entryDestination.toArray(),
    stepStart: stepStart.toArray(),
    stepDeparture: stepDeparture.toArray(),
    stepArrival: stepArrival.toArray(),
  };
}

/** The distinct times at which some trip leaves stop s within [from, to], ascending. */
export function departuresAt(tt: Timetable, s: number, from: number, to: number): number[] {
  const times: number[] = [];
  for (let e = tt.stopRouteStart[s]; e < tt.stopRouteStart[s + 1]; e++) {
    const r = tt.stopRoutes[e];
    const i = tt.stopRouteIndex[e];
    if (tt.pickup[tt.routeStopStart[r] + i] === 0) continue;
    const trips = tt.routeTripCount[r];
    const row = tt.routeTimeStart[r] + i * trips;
    for (let j = 0; j < trips; j++) {
      const t = tt.departures[row + j];
      if (t >= from && t <= to) times.push(t);
    }
  }
  times.sort((a, b) => a - b);
  return times.filter((t, k) => k === 0 || times[k - 1] !== t);
}

/** A growable Int32Array. */
export class IntBuffer {
  private data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
