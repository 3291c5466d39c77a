// Walking times: in a straight line lengthened by a detour factor (streets are not straight),
// or along a walking network given as GeoJSON lines, each point joined to its nearest node in a
// straight line. Times are whole seconds, computed the same way for one pair as for a table.
import { readFileSync } from 'node:fs';
import { distanceKm, type Point } from '../reference/geo.ts';
import { Grid } from './grid.ts';

export interface WalkSettings {
  /** km/h; 4.8 by default. */
  speedKmh: number;
  /** Straight line × detour ≈ distance walked; 1.3 by default. */
  detour: number;
}

export const DEFAULT_WALK: WalkSettings = { speedKmh: 4.8, detour: 1.3 };

/** For each point of one set, the points of another within a time: CSR rows. */
export interface Neighbours {
  /** Row i is index/seconds[start[i] .. start[i + 1]). */
  start: Int32Array;
  index: Int32Array;
  seconds: Int32Array;
}

export interface Walker {
  /** Seconds from a to b, Infinity when no way is known. */
  seconds(a: Point, b: Point): number;
  /** For each `from` point, the `to` points reached within maxSeconds (sorted by index). */
  within(from: Point[], to: Point[], maxSeconds: number): Neighbours;
}

export class WalkNetworkError extends Error {}

/** Straight line × detour at a constant speed. */
export function straightWalker(settings: WalkSettings = DEFAULT_WALK): Walker {
  const metresPerSecond = (settings.speedKmh * 1000) / 3600;
  const time = (metres: number) => Math.round((metres * settings.detour) / metresPerSecond);
  return {
    seconds: (a, b) => time(distanceKm(a, b) * 1000),
    within(from, to, maxSeconds) {
      const reach = ((maxSeconds + 0.5) * metresPerSecond) / settings.detour;
      const grid = new Grid(to, reach);
      return buildRows(from.length, (i, push) => {
        grid.around(from[i], (j) => {
          const s = time(distanceKm(from[i], to[j]) * 1000);
          if (s <= maxSeconds) push(j, s);
        });
      });
    },
  };
}

/**
 * A walking network from GeoJSON LineString/MultiLineString features: line ends and vertices
 * that share coordinates (to about 1 cm) are the same node; every segment is walkable both ways.
 */
export function networkWalker(geojsonFile: string, settings: WalkSettings = DEFAULT_WALK): Walker {
  let data: { features?: { geometry?: { type: string; coordinates: unknown } | null }[] };
  try {
    data = JSON.parse(readFileSync(geojsonFile, 'utf8'));
  } catch (error) {
    throw new WalkNetworkError(`le réseau piéton ${geojsonFile} n’est pas un GeoJSON lisible (${(error as Error).message}).`);
  }
  if (!Array.isArray(data.features)) throw new WalkNetworkError(`le réseau piéton ${geojsonFile} n’a pas de « features » : il faut une FeatureCollection de lignes (LineString).`);
  const lines: number[][][] = [];
  for (const f of data.features) {
    const g = f.geometry;
    if (g?.type === 'LineString') lines.push(g.coordinates as number[][]);
    else if (g?.type === 'MultiLineString') lines.push(...(g.coordinates as number[][][]));
  }
  if (lines.length === 0) throw new WalkNetworkError(`le réseau piéton ${geojsonFile} ne contient aucune ligne (LineString ou MultiLineString).`);
  return new NetworkWalker(lines, settings);
}

class NetworkWalker implements Walker {
  private readonly nodes: Point[] = [];
  private readonly adjStart: Int32Array;
  private readonly adjNode: Int32Array;
  private readonly adjMetres: Float64Array;
  private readonly grid: Grid;
  private readonly metresPerSecond: number;

  constructor(lines: number[][][], settings: WalkSettings) {
    this.metresPerSecond = (settings.speedKmh * 1000) / 3600;
    const ids = new Map<string, number>();
    const node = (c: number[]) => {
      const key = `${c[0].toFixed(7)},${c[1].toFixed(7)}`;
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = this.nodes.length));
        this.nodes.push({ lon: c[0], lat: c[1] });
      }
      return id;
    };
    const edges: [number, number, number][] = [];
    for (const line of lines) {
      for (let k = 1; k < line.length; k++) {
        const a = node(line[k - 1]);
        const b = node(line[k]);
        if (a !== b) edges.push([a, b, distanceKm(this.nodes[a], this.nodes[b]) * 1000]);
      }
    }
    const n = this.nodes.length;
    this.adjStart = new Int32Array(n + 1);
    for (const [a, b] of edges) {
      this.adjStart[a + 1]++;
      this.adjStart[b + 1]++;
    }
    for (let i = 0; i < n; i++) this.adjStart[i + 1] += this.adjStart[i];
    const fill = this.adjStart.slice(0, n);
    this.adjNode = new Int32Array(edges.length * 2);
    this.adjMetres = new Float64Array(edges.length * 2);
    for (const [a, b, m] of edges) {
      this.adjNode[fill[a]] = b;
      this.adjMetres[fill[a]++] = m;
      this.adjNode[fill[b]] = a;
      this.adjMetres[fill[b]++] = m;
    }
    this.grid = new Grid(this.nodes, 250);
  }

  seconds(a: Point, b: Point): number {
    const table = this.within([a], [b], Number.MAX_SAFE_INTEGER);
    return table.start[1] > 0 ? table.seconds[0] : Infinity;
  }

  within(from: Point[], to: Point[], maxSeconds: number): Neighbours {
    const maxMetres = (maxSeconds + 0.5) * this.metresPerSecond;
    const fromSnap = from.map((p) => this.snap(p));
    const toSnap = to.map((p) => this.snap(p));
    // Targets by node, to be found as the search settles nodes.
    const targetsAt = new Map<number, number[]>();
    toSnap.forEach((s, j) => {
      if (s.node < 0) return;
      let list = targetsAt.get(s.node);
      if (!list) targetsAt.set(s.node, (list = []));
      list.push(j);
    });
    // One bounded search per distinct start node, shared by the points joined to it.
    const order = from.map((_, i) => i).sort((a, b) => fromSnap[a].node - fromSnap[b].node);
    const rows: [number, number][][] = from.map(() => []);
    const search = new BoundedDijkstra(this.adjStart, this.adjNode, this.adjMetres);
    for (let k = 0; k < order.length;) {
      const node = fromSnap[order[k]].node;
      let end = k;
      while (end < order.length && fromSnap[order[end]].node === node) end++;
      if (node >= 0) {
        const group = order.slice(k, end);
        const nearest = Math.min(...group.map((i) => fromSnap[i].metres));
        search.run(node, maxMetres - nearest, (settled, metres) => {
          for (const j of targetsAt.get(settled) ?? []) {
            for (const i of group) {
              const s = Math.round((fromSnap[i].metres + metres + toSnap[j].metres) / this.metresPerSecond);
              if (s <= maxSeconds) rows[i].push([j, s]);
            }
          }
        });
      }
      k = end;
    }
    return buildRows(from.length, (i, push) => {
      for (const [j, s] of rows[i]) push(j, s);
    });
  }

  /** The nearest node and the straight distance to it (node -1 when the network is empty). */
  private snap(p: Point): { node: number; metres: number } {
    let best = -1;
    let metres = Infinity;
    for (let radius = 250; best < 0 && radius < 1e6; radius *= 4) {
      this.grid.aroundRadius(p, radius, (j) => {
        const d = distanceKm(p, this.nodes[j]) * 1000;
        if (d < metres) {
          metres = d;
          best = j;
        }
      });
    }
    return { node: best, metres };
  }
}

/** Dijkstra with a binary heap, stopped at a distance; arrays reused between runs. */
class BoundedDijkstra {
  private readonly dist: Float64Array;
  private readonly touched: number[] = [];
  private heapNode: number[] = [];
  private heapDist: number[] = [];

  constructor(private readonly start: Int32Array, private readonly node: Int32Array, private readonly metres: Float64Array) {
    this.dist = new Float64Array(start.length - 1).fill(Infinity);
  }

  run(source: number, bound: number, settle: (node: number, metres: number) => void): void {
    for (const n of this.touched) this.dist[n] = Infinity;
    this.touched.length = 0;
    this.heapNode = [source];
    this.heapDist = [0];
    this.dist[source] = 0;
    this.touched.push(source);
    while (this.heapNode.length > 0) {
      const [u, d] = this.pop();
      if (d > this.dist[u]) continue;
      settle(u, d);
      for (let e = this.start[u]; e < this.start[u + 1]; e++) {
        const v = this.node[e];
        const nd = d + this.metres[e];
        if (nd <= bound && nd < this.dist[v]) {
          if (this.dist[v] === Infinity) this.touched.push(v);
          this.dist[v] = nd;
          this.push(v, nd);
        }
      }
    }
  }

  private push(n: number, d: number) {
    const hn = this.heapNode;
    const hd = this.heapDist;
    let i = hn.length;
    hn.push(n);
    hd.push(d);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (hd[parent] <= d) break;
      hn[i] = hn[parent];
      hd[i] = hd[parent];
      i = parent;
    }
    hn[i] = n;
    hd[i] = d;
  }

  private pop(): [number, number] {
    const hn = this.heapNode;
    const hd = this.heapDist;
    const top: [number, number] = [hn[0], hd[0]];
    const lastN = hn.pop()!;
    const lastD = hd.pop()!;
    if (hn.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= hn.length) break;
        const c = l + 1 < hn.length && hd[l + 1] < hd[l] ? l + 1 : l;
        if (hd[c] >= lastD) break;
        hn[i] = hn[c];
        hd[i] = hd[c];
        i = c;
      }
      hn[i] = lastN;
      hd[i] = lastD;
    }
    return top;
  }
}

/** CSR rows from a per-row filler, each row sorted by target index. */
export function buildRows(n: number, fill: (row: number, push: (index: number, seconds: number) => void) => void): Neighbours {
  const start = new Int32Array(n + 1);
  let index: number[] = [];
  let seconds: number[] = [];
  const row: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    row.length = 0;
    fill(i, (j, s) => row.push([j, s]));
    row.sort((a, b) => a[0] - b[0]);
    for (const [j, s] of row) {
      index.push(j);
      seconds.push(s);
    }
    start[i + 1] = index.length;
  }
  const out = { start, index: Int32Array.from(index), seconds: Int32Array.from(seconds) };
  index = [];
  seconds = [];
  return out;
}
