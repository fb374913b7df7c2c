import { z } from 'zod';
import { createAuth } from '../services/api/accounts/auth';
import { Role, Username } from '../services/api/accounts/schemas';
import { openControlPlaneFor, type ControlPlane } from '../services/api/control/control-plane';
import { formatWib } from '../lib/time';
import { commandContext } from './context';

/**
 * `dengar user add|list|passwd|token`: accounts in the control plane of DENGAR_DATA_DIR. The password
 * comes from DENGAR_USER_PASSWORD (scripts), else a hidden prompt on a terminal, else the first line
 * of stdin (`echo "$PW" | dengar user add …`). It never appears as an argument (shell history, ps).
 */
async function withControl<T>(run: (control: ControlPlane) => Promise<T>): Promise<T> {
  const { config } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  const control = openControlPlaneFor(config);
  try {
    return await run(control);
  } finally {
    await control.close();
  }
}

export async function readPassword(prompt: string, confirm: boolean): Promise<string> {
  const fromEnv = process.env.DENGAR_USER_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    const first = await promptHidden(prompt);
    if (confirm && (await promptHidden('Ulangi kata sandi: ')) !== first) throw new Error('kata sandi tidak sama');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new Error('kata sandi kosong: isi DENGAR_USER_PASSWORD atau kirim lewat stdin');
  return line;
}

/** Read a line from the terminal without echoing it. */
function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('dibatalkan'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

export async function userAddCommand(rawUsername: string, opts: { role: string }): Promise<void> {
  const username = parseOrThrow(Username, rawUsername, 'nama pengguna');
  const role = parseOrThrow(Role, opts.role, 'peran (viewer | analyst | admin)');
  await withControl(async (control) => {
    if (await control.accounts.findUser(username)) throw new Error(`pengguna "${username}" sudah ada (ganti kata sandinya dengan: dengar user passwd ${username})`);
    const password = await readPassword(`Kata sandi untuk ${username}: `, true);
    const user = await createAuth(control.accounts).createUser({ username, role, password });
    await control.accounts.audit({ actorId: null, actor: 'cli', action: 'user.create', target: user.username, details: { role } });
    process.stdout.write(`Pengguna ${user.username} (${user.role}) dibuat.\n`);
  });
}

export async function userPasswdCommand(rawUsername: string): Promise<void> {
  const username = parseOrThrow(Username, rawUsername, 'nama pengguna');
  await withControl(async (control) => {
    const user = await control.accounts.findUser(username);
    if (!user) throw new Error(`pengguna "${username}" tidak ada`);
    const password = await readPassword(`Kata sandi baru untuk ${username}: `, true);
    await createAuth(control.accounts).setPassword(user.id, password);
    await control.accounts.clearFailures(`u:${username}`);
    await control.accounts.audit({ actorId: null, actor: 'cli', action: 'user.password', target: username, details: {} });
    process.stdout.write(`Kata sandi ${username} diganti; sesi lamanya berakhir dan kuncian masuknya dibuka.\n`);
  });
}

export async function userListCommand(opts: { json?: boolean }): Promise<void> {
  await withControl(async (control) => {
    const users = await control.accounts.listUsers();
    if (opts.json) return void process.stdout.write(`${JSON.stringify(users)}\n`);
    if (users.length === 0) return void process.stdout.write('Belum ada pengguna. Buat admin pertama: npx dengar user add admin --role admin\n');
    for (const u of users) {
      process.stdout.write(`${u.username.padEnd(24)} ${u.role.padEnd(8)} ${u.disabled ? 'nonaktif' : 'aktif   '} dibuat ${formatWib(u.createdAt)}\n`);
    }
  });
}

/** `dengar user token <username> <name>`: a new API token for scripts, printed once on stdout. */
export async function userTokenCommand(rawUsername: string, name: string): Promise<void> {
  const username = parseOrThrow(Username, rawUsername, 'nama pengguna');
  await withControl(async (control) => {
    const user = await control.accounts.findUser(username);
    if (!user) throw new Error(`pengguna "${username}" tidak ada`);
    const { token, info } = await createAuth(control.accounts).createToken(user.id, name);
    await control.accounts.audit({ actorId: null, actor: 'cli', action: 'token.create', target: username, details: { tokenId: info.id, name } });
    process.stdout.write(`${token}\n`);
  });
}
