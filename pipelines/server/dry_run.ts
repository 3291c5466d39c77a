// A dry run of an import: the very code the import job runs (importFile), on an in-memory DuckDB
// that is thrown away, so that the report shown before confirmation is the one the import would
// give. For a consultation, how the file's columns map to the questionnaire's questions too.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Paths } from '../config.ts';
import { contractFor } from '../contracts/index.ts';
import { readQuestionnaire, type Questionnaire } from '../contracts/questionnaire.ts';
import { importFile, type ImportResult } from '../ingest/import.ts';
import { questionnairesDir } from '../ingest/inbox.ts';
import { UNKNOWN_QUESTIONNAIRE } from '../ingest/find_questionnaire.ts';
import { layoutOf } from '../ingest/layout.ts';
import { READ_LIMITS } from '../ingest/limits.ts';
import { RefusedDelivery } from '../ingest/problems.ts';
import type { ReadLimits } from '../ingest/limits.ts';
import { detectDialect } from '../ingest/read.ts';
import { readSheetTableIsolated } from '../ingest/xlsx_sandbox.ts';
import { draftQuestionnaire, type QuestionnaireDraft } from './questionnaire_draft.ts';
import { openWarehouse, queryRows, type Database } from '../warehouse/duckdb.ts';
import { existsSync, readdirSync } from 'node:fs';

export interface DeliveryRequest {
  source: string;
  producteur?: string;
  periode?: string;
  /** A questionnaire description sent with a consultation export. */
  questionnaire?: string;
}

export interface QuestionUse {
  header: string;
  id: string;
  libelle: string;
  type: string;
  /** Allowed answers, or the scale's range. */
  admis: string;
  /** Answers read in the file (one per choice for multiple choice). */
  reponses: number;
}

export interface Mapping {
  questionnaire: string;
  titre: string;
  /** The file's columns that feed the format's own columns. */
  columns: { header: string; name: string; doc: string }[];
  questions: QuestionUse[];
  /** Columns neither the format nor the questionnaire knows: not loaded. */
  ignored: string[];
}

export type Validation =
  | { accepted: true; result: ImportResult; mapping?: Mapping }
  /** `draft`: the export's questionnaire is not described; here is a description to complete. */
  | { accepted: false; refused: RefusedDelivery; draft?: QuestionnaireDraft };

export async function validateDelivery(paths: Paths, file: string, request: DeliveryRequest, limits?: Partial<ReadLimits>): Promise<Validation> {
  const db = await openWarehouse(':memory:');
  const tmpDir = path.join(paths.dataDir, 'tmp');
  try {
    // Native memory is out of the thread's heap limit: DuckDB gets its own.
    await db.connection.run(`SET memory_limit = '${DRY_RUN_DUCKDB_MEMORY}'`);
    const result = await importFile(db.connection, file, {
      ...request,
      // Nothing is kept: a key of its own spares the real one a needless read.
      pseudonymKey: randomBytes(32).toString('hex'),
      tmpDir,
      questionnairesDir: questionnairesDir(paths),
      limits,
    });
    const mapping = contractFor(request.source)?.questions ? await mappingOf(db.connection, paths, file, request) : undefined;
    return { accepted: true, result, mapping };
  } catch (error) {
    if (!(error instanceof RefusedDelivery)) throw error;
    const contract = contractFor(request.source);
    if (contract?.questions && !request.questionnaire && error.problems.some((p) => p.kind === UNKNOWN_QUESTIONNAIRE)) {
      // The draft reads the file again: what refuses it then (an identifying column, an unreadable line) is the answer.
      const drafted = await draftQuestionnaire(db.connection, file, contract, tmpDir, { ...READ_LIMITS, ...limits })
        .catch((e: unknown) => (e instanceof RefusedDelivery ? { problems: e.problems } : Promise.reject(e)));
      if ('problems' in drafted) return { accepted: false, refused: new RefusedDelivery(file, drafted.problems) };
      // No column headed « Qn - … »: nothing to describe, the refusal says what is expected.
      if (drafted.draft.questions.length > 0) return { accepted: false, refused: error, draft: drafted.draft };
    }
    return { accepted: false, refused: error };
  } finally {
    db.close();
  }
}

/** The most memory the in-memory warehouse of a dry run may take (it spills to disk beyond). */
export const DRY_RUN_DUCKDB_MEMORY = '1GB';

type Connection = Database['connection'];

/** The layout the import used (same function, same header, same questionnaire), with the answers it read. */
async function mappingOf(connection: Connection, paths: Paths, file: string, request: DeliveryRequest): Promise<Mapping | undefined> {
  const [loaded] = await queryRows<{ questionnaire: string }>(connection, 'SELECT DISTINCT questionnaire FROM raw.questionnaires');
  if (!loaded) return undefined;
  const questionnaire = request.questionnaire ? readQuestionnaire(request.questionnaire) : installed(paths, loaded.questionnaire);
  if (!questionnaire) return undefined;
  const contract = contractFor(request.source)!;
  const { layout } = layoutOf(contract, await headerOf(file, contract.columns.filter((c) => !c.omissible).map((c) => c.name)), questionnaire);
  const counts = new Map((await queryRows<{ q: string; n: number }>(connection, 'SELECT question_id AS q, count(*)::INTEGER AS n FROM raw.consultation_reponses GROUP BY 1'))
    .map((r) => [r.q, r.n]));
  return {
    questionnaire: questionnaire.questionnaire,
    titre: questionnaire.titre,
    columns: layout.columns.filter((c) => c.header !== undefined).map((c) => ({ header: c.header!, name: c.spec.name, doc: c.spec.doc })),
    questions: layout.questions.map((b) => {
      const q = b.question!;
      return {
        header: b.header!, id: q.id, libelle: q.libelle ?? b.header!.replace(/^\s*Q\d+\s*[-–—:.]\s*/i, ''), type: q.type,
        admis: q.reponses ? q.reponses.join(' · ') : q.type === 'echelle' ? `de ${q.min} à ${q.max}` : 'texte libre (données personnelles retirées)',
        reponses: counts.get(q.id) ?? 0,
      };
    }),
    ignored: layout.extra.map((e) => e.header).filter(Boolean),
  };
}

function installed(paths: Paths, id: string): Questionnaire | undefined {
  const dir = questionnairesDir(paths);
  if (!existsSync(dir)) return undefined;
  for (const f of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort()) {
    const q = readQuestionnaire(path.join(dir, f));
    if (q.questionnaire === id) return q;
  }
  return undefined;
}

/** The header row as the import reads it; for a workbook, by the same rule (half the format's columns named). */
async function headerOf(file: string, wanted: string[]): Promise<string[]> {
  if (!/\.xlsx$/i.test(file)) return detectDialect(file).header;
  return (await readSheetTableIsolated(file, { wanted })).header;
}
