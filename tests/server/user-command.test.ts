// solidata user add|passwd|remove|list, each in its own process on one data directory (the embedded
// Postgres started and stopped every time), as a person types them.
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { childProcess, tempDir } from '../helpers/fixtures.ts';

const dataDir = tempDir();

/** One command in its own process, as a person types it. */
async function user(args: string[], input?: string): Promise<{ status: number | null; out: string; err: string }> {
  const code = `const { userCommand } = await import('./pipelines/cli/user.ts'); process.exitCode = await userCommand(process.argv.slice(1));`;
  const { status, stdout, stderr } = await childProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args, '--data-dir', dataDir], {
    cwd: projectRoot, input: input ?? '', env: { ...process.env, DATABASE_URL: '' },
  });
  return { status, out: stdout, err: stderr };
}

describe('solidata user', () => {
  it('adds accounts (a drawn password shown once, or one read on stdin), lists them, removes them but the last admin', async () => {
    const added = await user(['add', 'marie', '--role', 'admin']);
    expect(added.status, added.err).toBe(0);
    expect(added.out).toContain('Compte « marie » (admin) créé.');
    expect(added.out).toMatch(/Mot de passe \(affiché une seule fois, à transmettre à son titulaire\) : [\w-]{20}\n/);

    const piped = await user(['add', 'ines', '--role', 'import', '--mot-de-passe-stdin'], 'un mot de passe bien long\n');
    expect(piped.status, piped.err).toBe(0);
    expect(piped.out).not.toContain('Mot de passe');

    const changed = await user(['passwd', 'ines', '--mot-de-passe-stdin'], 'un autre mot de passe assez long\n');
    expect(changed.status, changed.err).toBe(0);
    expect(changed.out).toContain('Mot de passe du compte « ines » changé (ses sessions sont fermées).');
    expect(changed.out).not.toContain('provisoire');
    const drawn = await user(['passwd', 'marie']);
    expect(drawn.status, drawn.err).toBe(0);
    expect(drawn.out).toMatch(/Mot de passe provisoire \(affiché une seule fois, à changer à la connexion\) : [\w-]{20}\n/);
    expect((await user(['passwd', 'personne', '--mot-de-passe-stdin'], 'un mot de passe bien long\n')).err).toContain('Aucun compte « personne »');

    const list = await user(['list', '--format', 'json']);
    expect(list.status, list.err).toBe(0);
    const accounts = JSON.parse(list.out.slice(list.out.indexOf('[')));
    expect(accounts.map((a: { name: string; role: string }) => [a.name, a.role])).toEqual([['marie', 'admin'], ['ines', 'import']]);
    expect(JSON.stringify(accounts)).not.toContain('password');

    const table = await user(['list']);
    expect(table.out).toMatch(/nom\s+rôle\s+créé le\s+dernière connexion/);

    expect((await user(['add', 'ines', '--role', 'lecteur'])).err).toContain('Le compte « ines » existe déjà');
    expect((await user(['remove', 'marie'])).err).toContain('« marie » est le seul compte admin');
    const removed = await user(['remove', 'ines']);
    expect(removed.status).toBe(0);
    expect(removed.out).toContain('Compte « ines » supprimé');
  }, 300_000);

  it('says what is missing or wrong, in French, before starting anything', async () => {
    expect((await user(['add', 'paul'])).err).toContain('Il faut un rôle : --role lecteur|import|admin');
    expect((await user(['add', 'paul', '--role', 'chef'])).err).toContain('--role : attendu : lecteur, import, admin');
    expect((await user(['renomme', 'paul'])).err).toContain('Action inconnue : renomme (add, passwd, remove ou list).');
    const short = await user(['add', 'paul', '--role', 'lecteur', '--mot-de-passe-stdin'], 'court\n');
    expect(short.status).toBe(1);
    expect(short.err).toContain('Mot de passe trop court : 12 caractères au moins.');
  }, 300_000);
});
