import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionary, dictionaryFile } from '../../pipelines/contracts/dictionary.ts';
import { contracts } from '../../pipelines/contracts/index.ts';

describe('the data dictionary', () => {
  it('is the one generated from the contracts (regenerate: npx tsx pipelines/contracts/dictionary.ts)', () => {
    expect(readFileSync(dictionaryFile, 'utf8')).toBe(dictionary());
  });

  it('documents every column of every exchange format', () => {
    const text = dictionary();
    for (const c of Object.values(contracts)) for (const col of c.columns) expect(text).toContain(`| \`${col.name}\` |`);
  });
});
