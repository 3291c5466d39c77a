// Starts the embedded Postgres of a folder and waits forever: a test kills it with SIGKILL to
// leave a running server and its postmaster.pid behind, as a crashed run would.
import { startPostgres } from '../../pipelines/runner/postgres.ts';

await startPostgres(undefined, process.argv[2]);
console.log('prêt');
setInterval(() => {}, 1 << 30);
