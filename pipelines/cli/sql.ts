// solidata sql: an SQL prompt (or one -c statement) on the published database or, with
// --warehouse, on the warehouse; read-only, and never in the way of a job writing.
import path from 'node:path';
import { z } from 'zod';
import { toArrowStream } from '../analyst/arrow_output.ts';
import { renderText, TABLE_MAX_ROWS } from '../analyst/render.ts';
import { runPrompt } from '../analyst/sql_prompt.ts';
import { SqlError, SqlSession } from '../analyst/sql_session.ts';
import { parseOptions, UsageError } from './options.ts';
import { settingsFrom } from './command_settings.ts';


const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  warehouse: z.boolean(),
  commande: z.string().min(1).optional(),
  format: z.enum(['table', 'csv', 'json', 'arrow'], { message: 'attendu : table, csv, json ou arrow' }),
});

const options = {
  warehouse: { type: 'boolean', default: false },
  commande: { type: 'string', short: 'c' },
  format: { type: 'string', default: 'table' },
} as const;

export async function sqlCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, options, schema);
  if (positionals.length > 0) throw new UsageError(`Argument inattendu : ${positionals[0]}. La requête se donne avec -c "…".`);
  const { format, commande } = values;
  if (format === 'arrow' && process.stdout.isTTY) throw new UsageError('--format arrow écrit des données binaires : redirigez la sortie vers un fichier (> resultat.arrow).');
  const dataDir = settingsFrom(values).settings.dataDir;
  const session = new SqlSession(dataDir, values.warehouse ? 'warehouse' : 'published', {
    onWait: (message) => process.stderr.write(`${message}\n`),
  });

  if (commande == null) {
    if (format === 'arrow') throw new UsageError('--format arrow va avec -c "requête" : l’invite interactive écrit du texte.');
    return runPrompt({
      session,
      format,
      historyFile: path.join(session.dataDir, '.sql_history'),
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      interactive: Boolean(process.stdin.isTTY),
    });
  }

  try {
    const { results, error } = await session.execute(commande, { maxRows: format === 'table' ? TABLE_MAX_ROWS : undefined });
    if (format === 'table') {
      await write(results.map((r) => renderText(r, 'table')).join('\n'));
    } else {
      // A script reads one result: the last statement's (those before it prepare it).
      const last = results.at(-1);
      if (last && !error) await write(format === 'arrow' ? toArrowStream(last) : renderText(last, format));
    }
    if (error) throw error;
    return 0;
  } catch (error) {
    if (!(error instanceof SqlError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

// Waits for the data to leave, so that a large result piped to another program arrives whole.
function write(data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(data, (error) => (error ? reject(error) : resolve())));
}
