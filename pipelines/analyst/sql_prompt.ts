// The interactive prompt of `solidata sql`: statements end with « ; » and may span lines,
// dot-commands describe the base, and the statements typed are kept in a history file.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { TableInfo } from './errors_fr.ts';
import { renderText, TABLE_MAX_ROWS, type TextFormat } from './render.ts';
import { SqlError, type SqlSession } from './sql_session.ts';

export const PROMPT = 'solidata> ';
export const CONTINUATION = '      ...> ';
const HISTORY_SIZE = 1000;

export const promptHelp = `Terminez chaque requête par « ; » (elle peut tenir sur plusieurs lignes).
  .tables           les tables
  .schema [table]   les colonnes et leurs types (de toutes les tables, ou d’une seule)
  .help             cette aide
  .quit             sortir (ou Ctrl-D)
La base est ouverte en lecture seule, et seulement le temps de chaque requête : ce qu’une requête
crée ou règle (table temporaire, SET) ne dure pas jusqu’à la suivante.`;

export interface PromptOptions {
  session: SqlSession;
  format: TextFormat;
  historyFile: string;
  input: Readable;
  output: Writable;
  errors: Writable;
  /** A person at a terminal: prompts, a welcome line and line editing; otherwise only the results. */
  interactive: boolean;
}

/** Runs until .quit or the end of the input; 1 if a statement failed in a script fed on stdin. */
export async function runPrompt(options: PromptOptions): Promise<number> {
  const { session, interactive, output, errors } = options;
  const rl = createInterface({
    input: options.input,
    output: interactive ? output : undefined,
    terminal: interactive,
    history: loadHistory(options.historyFile),
    historySize: HISTORY_SIZE,
    prompt: PROMPT,
  });
  const say = (text: string) => output.write(text.endsWith('\n') ? text : `${text}\n`);
  const fail = (text: string) => errors.write(`${text}\n`);
  let buffer = '';
  let failed = false;
  let quit = false;

  const run = async (sql: string) => {
    remember(options.historyFile, sql);
    const { results, error } = await session.execute(sql, { maxRows: options.format === 'table' ? TABLE_MAX_ROWS : undefined });
    for (const result of results) say(renderText(result, options.format));
    if (error) {
      fail(error.message);
      failed = true;
    }
  };

  rl.on('SIGINT', () => {
    // Ctrl-C drops the statement being typed; on an empty one it leaves, as Ctrl-D does.
    if (!buffer) return rl.close();
    buffer = '';
    output.write('\n');
    rl.setPrompt(PROMPT);
    rl.prompt();
  });

  if (interactive) {
    const base = session.target === 'warehouse' ? 'l’entrepôt' : 'la base publiée';
    say(`Solidata SQL — ${base} (${session.file}), en lecture seule. .help pour l’aide, .quit pour sortir.`);
  }
  rl.prompt();
  for await (const line of rl) {
    try {
      if (!buffer && line.trim().startsWith('.')) {
        remember(options.historyFile, line.trim());
        quit = await dotCommand(line.trim(), session, say);
      } else if (buffer || line.trim()) {
        buffer = buffer ? `${buffer}\n${line}` : line;
        if (isComplete(buffer)) {
          const sql = buffer;
          buffer = '';
          await run(sql);
        }
      }
    } catch (error) {
      if (!(error instanceof SqlError)) throw error;
      fail(error.message);
      failed = true;
    }
    if (quit) break;
    rl.setPrompt(buffer ? CONTINUATION : PROMPT);
    rl.prompt();
  }
  rl.close();
  // A script may end without the last « ; ».
  if (!quit && buffer.trim()) await run(buffer).catch((error) => {
    if (!(error instanceof SqlError)) throw error;
    fail(error.message);
    failed = true;
  });
  if (interactive) output.write('\n');
  return failed && !interactive ? 1 : 0;
}

/** Answers a dot-command; true when it asks to leave. */
async function dotCommand(line: string, session: SqlSession, say: (text: string) => void): Promise<boolean> {
  const [command, ...args] = line.split(/\s+/);
  switch (command) {
    case '.quit':
    case '.exit':
      return true;
    case '.help':
      say(promptHelp);
      return false;
    case '.tables': {
      const tables = await session.tables();
      say(tables.length === 0 ? 'La base ne contient aucune table.' : tables.map((t) => t.label).join('\n'));
      return false;
    }
    case '.schema': {
      const tables = await session.tables();
      const name = args[0]?.replace(/;$/, '');
      const chosen = name ? tables.filter((t) => [t.label, t.name].some((n) => n.toLowerCase() === name.toLowerCase())) : tables;
      if (name && chosen.length === 0) {
        throw new SqlError(`La table « ${name} » n’existe pas. Tables disponibles : ${tables.map((t) => t.label).join(', ') || '(aucune)'}.`);
      }
      say(chosen.map(describe).join('\n\n'));
      return false;
    }
    default:
      throw new SqlError(`Commande inconnue : ${command}. Tapez .help pour la liste.`);
  }
}

function describe(table: TableInfo): string {
  const width = Math.max(...table.columns.map((c) => c.name.length));
  return [table.label, ...table.columns.map((c) => `  ${c.name.padEnd(width)}  ${c.type}`)].join('\n');
}

/** Whether the text ends with « ; » outside strings, quoted names and comments. */
export function isComplete(sql: string): boolean {
  let last = '';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = sql.indexOf(ch, i + 1);
      if (end < 0) return false;
      i = end;
      last = ch;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 1;
    } else if (!/\s/.test(ch)) {
      last = ch;
    }
  }
  return last === ';';
}

/** The statements typed before, newest first as readline wants them. */
function loadHistory(file: string): string[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const kept = lines.slice(-HISTORY_SIZE);
  // Appended to at every statement, the file is cut back now and then.
  if (lines.length > 2 * HISTORY_SIZE) {
    try {
      writeFileSync(file, `${kept.join('\n')}\n`);
    } catch {
      // Left as it is: reading it is what matters.
    }
  }
  return kept.reverse();
}

// One statement per line of the file, so that the history brings back whole statements.
function remember(file: string, entry: string): void {
  try {
    appendFileSync(file, `${entry.replace(/\s*\n\s*/g, ' ').trim()}\n`);
  } catch {
    // No history is no reason to refuse a query (a data folder read-only for this person).
  }
}
