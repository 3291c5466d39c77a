// The prerender's query results (patches of @evidence-dev/sdk, universal-sql and SvelteKit): the same
// query names the same SQL on every page, so that it runs once per build; each page ships the list of
// its queries' results, written once at the end of the prerender, and every result it names.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDashboard } from '../helpers/shared-dashboard.ts';

// The SDK's declarations do not type-check under this project's settings: it is loaded untyped.
interface PageQuery { text: string }
const SDK = '@evidence-dev/sdk/usql';
const { Query } = (await import(SDK)) as { Query: { create(text: string, run: () => Promise<unknown[]>, options: object): PageQuery } };

describe('a page query', () => {
  const create = (text: string, id: string) => Query.create(text, async () => [], { id, noResolve: true });

  it('gives the same SQL on every page, and different SQL for different text', () => {
    const first = create('select code, valeur from solidata.indicateurs', 'a');
    const again = create('select code, valeur from solidata.indicateurs', 'b');
    const other = create('select code from solidata.indicateurs', 'c');
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
    // A query nested in another keeps an alias of its own.
    const nested = create(`select * from (${first.text})`, 'd');
    expect(nested.text.match(/inputQuery-\w+/g)?.length).toBe(2);
    expect(new Set(nested.text.match(/inputQuery-\w+/g)).size).toBe(2);
  });
});

describe('the prerendered query results of the shared dashboard', () => {
  let dashboard: string;
  beforeAll(async () => {
    dashboard = path.join(await sharedDashboard(), 'dashboard');
  });

  it('lists each page’s results once the pages are rendered, and ships every result it lists', () => {
    const api = path.join(dashboard, 'api');
    const lists = readdirSync(api, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'all-queries.json');
    // Every page of an indicator, territory or site runs queries: each has its list.
    const templated = ['indicateurs', 'territoires', 'sites'].flatMap((t) => readdirSync(path.join(dashboard, t), { withFileTypes: true }).filter((e) => e.isDirectory()));
    expect(templated.length).toBeGreaterThan(50);
    expect(lists.length).toBeGreaterThanOrEqual(templated.length);
    let named = 0;
    for (const list of lists) {
      const results = JSON.parse(readFileSync(path.join(api, list), 'utf8')) as Record<string, string>;
      for (const [query, hash] of Object.entries(results)) {
        named++;
        expect(existsSync(path.join(api, 'prerendered_queries', `${hash}.arrow`)), `${list} : ${query}`).toBe(true);
      }
    }
    expect(named).toBeGreaterThan(lists.length);
  });
});
