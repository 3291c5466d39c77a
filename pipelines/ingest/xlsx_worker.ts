// The thread that reads workbooks, one message at a time (see xlsx_sandbox.ts): the archive measured
// first, then the sheet read by its real cells.
import { parentPort } from 'node:worker_threads';
import { normaliseHeader } from './header.ts';
import { ReadLimitError, type ReadLimits } from './limits.ts';
import type { SheetRequest, WorkerReply } from './xlsx_sandbox.ts';
import { readSheetTable } from './xlsx.ts';
import { readDeliveryTable } from './xlsx_stream.ts';
import { checkZip } from './zip_check.ts';

interface Read { file: string; request: SheetRequest; limits: ReadLimits }

async function read({ file, request, limits }: Read): Promise<WorkerReply> {
  try {
    await checkZip(file, limits);
    const { wanted } = request;
    // A delivery (its header named by the format) is streamed; another sheet is read whole.
    if (wanted && request.sheet === undefined && !request.missing) {
      const named = (cells: string[]) => cells.filter((c) => wanted.includes(normaliseHeader(c))).length >= Math.ceil(wanted.length / 2);
      return { ok: true, table: await readDeliveryTable(file, named, limits) };
    }
    const table = await readSheetTable(file, { sheet: request.sheet, missing: request.missing }, limits);
    return { ok: true, table };
  } catch (error) {
    if (error instanceof ReadLimitError) return { ok: false, limit: { message: error.message, hint: error.hint } };
    // The XML parser expands no entity (no billion laughs, no XXE): a sheet that uses one stops it.
    if (/undefined entity|doctype/i.test((error as Error).message)) {
      return { ok: false, limit: {
        message: 'le classeur contient des entités XML (déclarations DOCTYPE), qu’aucun tableur n’écrit : elles ne sont pas lues',
        hint: 'Ouvrez le fichier dans un tableur et enregistrez-le à nouveau au format XLSX, ou envoyez-le en CSV.',
      } };
    }
    return { ok: false, error: (error as Error).message };
  }
}

parentPort!.on('message', async (message: Read) => parentPort!.postMessage(await read(message)));
