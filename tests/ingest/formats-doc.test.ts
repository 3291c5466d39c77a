import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatsMarkdown, formatsDocFile } from '../../pipelines/contracts/formats_doc.ts';
import { contracts } from '../../pipelines/contracts/index.ts';

describe('the documentation of the exchange formats', () => {
  it('is the one generated from the contracts (regenerate: npm run docs)', () => {
    expect(readFileSync(formatsDocFile, 'utf8')).toBe(formatsMarkdown());
  });

  it('documents every column of every exchange format', () => {
    const text = formatsMarkdown();
    for (const c of Object.values(contracts)) for (const col of c.columns) expect(text).toContain(`| \`${col.name}\` |`);
  });
});
