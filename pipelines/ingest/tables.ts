// The raw tables of a source (and, for the consultation, its answers and questionnaires), made
// sure of before a load; the dictionary builds them empty to describe them.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Contract } from '../contracts/contract.ts';
import { rawTable, tableColumns } from '../contracts/sql.ts';

export async function createTables(connection: DuckDBConnection, contract: Contract): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS ${rawTable(contract)} (_livraison VARCHAR NOT NULL, ${tableColumns(contract)}${contract.questions ? ', questionnaire VARCHAR' : ''})`);
  if (contract.questions) {
    await connection.run('CREATE TABLE IF NOT EXISTS raw.consultation_reponses (_livraison VARCHAR NOT NULL, reponse_id VARCHAR, question_id VARCHAR, valeur VARCHAR)');
    await connection.run(`CREATE TABLE IF NOT EXISTS raw.questionnaires (questionnaire VARCHAR, titre VARCHAR, question_id VARCHAR, libelle VARCHAR,
      type VARCHAR, reponses VARCHAR[], min INTEGER, max INTEGER)`);
  }
}
