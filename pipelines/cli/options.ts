// Command-line input, checked with zod: every command takes --data-dir.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import '../zod-fr.ts';

export const commonOptions = {
  'data-dir': { type: 'string', default: './data' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export class UsageError extends Error {}

export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>, S extends z.ZodTypeAny>(
  argv: string[],
  options: O,
  schema: S,
): { values: z.infer<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(translate((error as Error).message));
  }
  const checked = schema.safeParse(parsed.values);
  if (!checked.success) {
    throw new UsageError(checked.error.issues.map((i) => `--${i.path.join('.')} : ${i.message}`).join('\n'));
  }
  return { values: checked.data, positionals: parsed.positionals };
}

function translate(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `Option inconnue : ${unknown[1]}. Voir solidata --help.`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `L’option ${missing[1]} attend une valeur.`;
  return message;
}
