// The SQL headers' cache (pipelines/assets/header_cache.ts) answers what parsing the header's current
// text answers, in the process that filled it and in the next one, whatever was cached before.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';

type CacheModule = typeof import('../../pipelines/assets/header_cache.ts');
// A new process, as far as the module is concerned: its state is read again from the file.
async function freshModule(): Promise<CacheModule> {
  vi.resetModules();
  return import('../../pipelines/assets/header_cache.ts');
}

describe('the SQL headers’ cache', () => {
  it('parses a header once, then serves it to the next process; an edited header is parsed anew', async () => {
    // A header no earlier run has seen.
    const id = randomUUID();
    const header = `description: Indicateur ${id}\nchecks:\n  not_null: [code_commune]\n`;
    const parse = vi.fn((text: string) => parseYaml(text) as unknown);

    const first = await freshModule();
    expect(first.cachedHeader(header, parse)).toEqual({ description: `Indicateur ${id}`, checks: { not_null: ['code_commune'] } });
    expect(first.cachedHeader(header, parse)).toEqual({ description: `Indicateur ${id}`, checks: { not_null: ['code_commune'] } });
    expect(parse).toHaveBeenCalledTimes(1);
    first.saveHeaderCache();

    const next = await freshModule();
    const served = next.cachedHeader(header, parse) as { checks: { not_null: string[] } };
    expect(served).toEqual({ description: `Indicateur ${id}`, checks: { not_null: ['code_commune'] } });
    expect(parse).toHaveBeenCalledTimes(1);
    // What a caller does to its value is not what the next one gets.
    served.checks.not_null.push('modifié');
    expect(next.cachedHeader(header, parse)).toEqual({ description: `Indicateur ${id}`, checks: { not_null: ['code_commune'] } });

    const edited = header.replace('[code_commune]', '[code_commune, code_site]');
    expect(next.cachedHeader(edited, parse)).toEqual({ description: `Indicateur ${id}`, checks: { not_null: ['code_commune', 'code_site'] } });
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('does not keep what JSON would change, nor a header that does not parse', async () => {
    const id = randomUUID();
    const header = `description: ${id}\nwarn_row_count_change: .inf\n`;
    const parse = vi.fn((text: string) => parseYaml(text) as unknown);
    const cache = await freshModule();
    expect(cache.cachedHeader(header, parse)).toEqual({ description: id, warn_row_count_change: Infinity });
    cache.saveHeaderCache();
    expect((await freshModule()).cachedHeader(header, parse)).toEqual({ description: id, warn_row_count_change: Infinity });
    expect(parse).toHaveBeenCalledTimes(2);

    const broken = `description: ${id}\nchecks: [\n`;
    expect(() => cache.cachedHeader(broken, parseYaml)).toThrow();
    expect(() => cache.cachedHeader(broken, parseYaml)).toThrow();
  });
});
