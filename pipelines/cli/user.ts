// solidata user: the server's accounts, from the command line (the same as the Administration page).
import { z } from 'zod';
import { AccountError, addAccount, listAccounts, migrateAuth, randomPassword, removeAccount, ROLES, setPassword } from '../server/accounts.ts';
import { record } from '../server/audit.ts';
import { log } from '../log.ts';
import { parseOptions, UsageError } from './options.ts';
import { formatSchema, frDateTime, printList } from './output.ts';
import { settingsFrom } from './command_settings.ts';
import { withRuntime } from './runtime.ts';


const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  role: z.enum(ROLES, { message: `attendu : ${ROLES.join(', ')}` }).optional(),
  'mot-de-passe-stdin': z.boolean().default(false),
  format: formatSchema,
});
const options = {
  role: { type: 'string' },
  'mot-de-passe-stdin': { type: 'boolean', default: false },
  format: { type: 'string', default: 'table' },
} as const;

/** Who did it, in the audit log: the command line, not an account. */
const BY = { address: 'ligne de commande' };

export async function userCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, options, schema);
  const [action, name, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`Un seul nom de compte à la fois (reçu : ${[name, ...rest].join(' ')}).`);
  if (action === 'add') {
    if (!name) throw new UsageError('Il faut un nom de compte : solidata user add marie --role import');
    if (!values.role) throw new UsageError(`Il faut un rôle : --role ${ROLES.join('|')}`);
  } else if (action === 'remove') {
    if (!name) throw new UsageError('Il faut le nom du compte à supprimer : solidata user remove marie');
  } else if (action === 'passwd') {
    if (!name) throw new UsageError('Il faut le nom du compte : solidata user passwd marie');
  } else if (action !== 'list') {
    throw new UsageError(action ? `Action inconnue : ${action} (add, passwd, remove ou list).` : 'Il faut une action : add, passwd, remove ou list.');
  }
  // Read before Postgres starts: a password piped in must not wait behind it.
  const password = (action === 'add' || action === 'passwd') && values['mot-de-passe-stdin'] ? await readStdinLine() : undefined;
  const { settings } = settingsFrom(values);
  return withRuntime(settings, async (env) => {
    await migrateAuth(env.pool);
    try {
      if (action === 'add') {
        const created = await addAccount(env.pool, name, values.role!, password);
        await record(env.pool, { ...BY, action: 'account_added', detail: { compte: created.name, role: created.role } });
        log.ok(`Compte « ${created.name} » (${created.role}) créé.`);
        if (created.generated) console.log(`Mot de passe (affiché une seule fois, à transmettre à son titulaire) : ${created.password}`);
      } else if (action === 'passwd') {
        const secret = password ?? randomPassword();
        // A drawn password is seen by whoever ran the command: its owner changes it at login.
        await setPassword(env.pool, name, secret, { mustChange: password === undefined });
        await record(env.pool, { ...BY, action: 'password_changed', detail: { compte: name } });
        log.ok(`Mot de passe du compte « ${name} » changé (ses sessions sont fermées).`);
        if (password === undefined) console.log(`Mot de passe provisoire (affiché une seule fois, à changer à la connexion) : ${secret}`);
      } else if (action === 'remove') {
        await removeAccount(env.pool, name);
        await record(env.pool, { ...BY, action: 'account_removed', detail: { compte: name } });
        log.ok(`Compte « ${name} » supprimé (ses sessions sont fermées).`);
      } else {
        printList(await listAccounts(env.pool), [
          { title: 'nom', value: (a) => a.name },
          { title: 'rôle', value: (a) => a.role },
          { title: 'créé le', value: (a) => frDateTime(a.created_at) },
          { title: 'dernière connexion', value: (a) => frDateTime(a.last_login_at) },
        ], values.format);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      log.fail(error.message);
      return 1;
    }
  });
}

async function readStdinLine(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--mot-de-passe-stdin lit le mot de passe sur l’entrée standard : envoyez-le par un tube (echo "$MDP" | solidata user add …).');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}
