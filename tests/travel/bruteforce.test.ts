// RAPTOR profiles against a brute-force search, on random small networks: every departure
// minute of the window, every origin and destination, and the medians of the matrix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGtfs } from '../../pipelines/travel/gtfs.ts';
import { buildTimetable } from '../../pipelines/travel/timetable.ts';
import { arrivalAt, NOT_REACHED, TransitSearch } from '../../pipelines/travel/traveltimes.ts';
import { straightWalker } from '../../pipelines/travel/walking.ts';
import { bruteForceArrivals, h, lowerMedian, writeFeed, type SpecTrip } from './helpers.ts';

// About 1.5 km across: walking to stops, between them and to destinations all matter.
const point = fc.record({ lat: fc.double({ min: 47, max: 47.014, noNaN: true }), lon: fc.double({ min: 1.3, max: 1.32, noNaN: true }) });

const network = fc.integer({ min: 2, max: 9 }).chain((stopCount) => fc.record({
  stops: fc.array(point, { minLength: stopCount, maxLength: stopCount }).map((ps) => ps.map((p, i) => ({ id: `S${i}`, ...p }))),
  trips: fc.array(fc.record({
    stops: fc.uniqueArray(fc.integer({ min: 0, max: stopCount - 1 }), { minLength: 2, maxLength: Math.min(5, stopCount) }),
    start: fc.integer({ min: h(7, 50), max: h(8, 50) }),
    hops: fc.array(fc.record({ travel: fc.integer({ min: 0, max: 300 }), dwell: fc.integer({ min: 0, max: 90 }) }), { minLength: 5, maxLength: 5 }),
    closed: fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2), { minLength: 5, maxLength: 5 }),
    // Often the stops of an earlier trip: lines with several departures, some overtaking others.
    sameAs: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
  }), { minLength: 1, maxLength: 16 }),
  origins: fc.array(point, { minLength: 1, maxLength: 3 }),
  destinations: fc.array(point, { minLength: 1, maxLength: 4 }),
  minutes: fc.integer({ min: 1, max: 40 }),
  maxMinutes: fc.integer({ min: 5, max: 60 }),
  maxAccess: fc.integer({ min: 2, max: 15 }),
  maxTransfer: fc.integer({ min: 0, max: 6 }),
}));

describe('RAPTOR against brute force', () => {
  it('gives the same earliest arrival for every departure minute, and the same medians', () => {
    fc.assert(fc.property(network, (net) => {
      const patterns: number[][] = [];
      const trips: SpecTrip[] = net.trips.map((t, k) => {
        let time = t.start;
        const stops = t.sameAs !== undefined && k > 0 ? patterns[t.sameAs % k] : t.stops;
        patterns.push(stops);
        return {
          id: `T${k}`,
          calls: stops.map((s, i) => {
            if (i > 0) time += t.hops[i].travel;
            const arr = time;
            time += t.hops[i].dwell;
            // 1: no boarding here, 2: no alighting here.
            return [`S${s}`, arr, time, t.closed[i] === 1, t.closed[i] === 2] as const;
          }).map((c) => [...c]) as SpecTrip['calls'],
        };
      });
      const dir = writeFeed({ stops: net.stops, trips });
      const walker = straightWalker();
      const window = { from: h(8), to: h(8) + net.minutes * 60, step: 60 };
      const maxSeconds = net.maxMinutes * 60;
      const settings = { maxAccessSeconds: net.maxAccess * 60, maxTransferSeconds: net.maxTransfer * 60 };
      const timetable = buildTimetable(readGtfs(dir), { date: '2025-03-04' });
      const search = new TransitSearch({ timetable, origins: net.origins, destinations: net.destinations, walker, window, maxSeconds, settings });
      const matrix = search.matrix();
      const brute = { stops: net.stops, trips, walker, ...settings };
      net.origins.forEach((o, oi) => {
        const envelopes = search.envelopes(oi);
        const perMinute: number[][] = net.destinations.map(() => []);
        for (let t = window.from; t < window.to; t += 60) {
          const expected = bruteForceArrivals(brute, o, t, net.destinations, maxSeconds);
          net.destinations.forEach((d, di) => {
            const steps = envelopes.get(di);
            const got = steps ? arrivalAt(steps, t) : Infinity;
            const within = (a: number) => (a - t <= maxSeconds ? a : Infinity);
            expect(within(got), `origine ${oi}, destination ${di}, départ ${t}`).toBe(within(expected[di]));
            const walk = walker.seconds(o, d);
            perMinute[di].push(Math.min(walk, within(expected[di]) - t));
          });
        }
        net.destinations.forEach((_, di) => {
          const median = lowerMedian(perMinute[di]);
          expect(matrix.seconds[oi * net.destinations.length + di], `médiane origine ${oi}, destination ${di}`).toBe(median <= maxSeconds ? median : NOT_REACHED);
        });
      });
    }), { numRuns: 400 });
  });
});
