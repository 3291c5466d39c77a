// Runs one step of a dashboard build (the Evidence CLI, the prerender) in a child process: its output
// goes to the build log, and is shown only when the step fails or reports a broken page query.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** `label` names the step in the log and in the error (« evidence build », « node prerender.mjs »). */
export function loggedRun(command: string, args: string[], label: string, cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      appendFileSync(logFile, `$ ${label}\n${output}\n`);
      // `evidence build` exits 0 on a broken page query: the log is the only witness.
      const broken = /Error in Query!|Query failed|\[ERROR\]/i.test(output);
      if (code === 0 && !broken) return resolve();
      const tail = output.split('\n').filter((l) => l.trim()).slice(-25).join('\n');
      reject(new Error(`${label} a échoué (code ${code}${broken ? ', requête en erreur' : ''}) ; journal complet : ${logFile}\n${tail}`));
    });
  });
}
