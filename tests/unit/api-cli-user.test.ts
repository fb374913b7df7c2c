import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { userAddCommand, userListCommand, userPasswdCommand } from '../../cli/user';
import { loadConfig } from '../../lib/config';
import { verifyPassword } from '../../services/api/accounts/password';
import { openControlPlaneFor } from '../../services/api/control/control-plane';

/** `dengar user …` in-process against a temp data dir; the password comes from DENGAR_USER_PASSWORD as in scripts. */
let dir: string;
const saved = { ...process.env };
let out: jest.SpyInstance;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-user-'));
  process.env.DENGAR_DATA_DIR = dir;
  process.env.DENGAR_USER_PASSWORD = 'sandi-admin-pertama';
  out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  out.mockRestore();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

const printed = () => out.mock.calls.map((c) => String(c[0])).join('');

test('user add creates a hashed account the API can log in with; duplicates and bad roles are refused', async () => {
  await userAddCommand('Admin', { role: 'admin' });
  expect(printed()).toContain('Pengguna admin (admin) dibuat.');
  const control = openControlPlaneFor(loadConfig({ DENGAR_DATA_DIR: dir }));
  try {
    const user = (await control.accounts.findUser('admin'))!;
    expect(user.role).toBe('admin');
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('sandi-admin-pertama', user.passwordHash)).toBe(true);
  } finally {
    await control.close();
  }
  await expect(userAddCommand('admin', { role: 'admin' })).rejects.toThrow(/sudah ada/);
  await expect(userAddCommand('budi', { role: 'raja' })).rejects.toThrow(/peran/);
  process.env.DENGAR_USER_PASSWORD = 'pendek';
  await expect(userAddCommand('budi', { role: 'viewer' })).rejects.toThrow(/minimal 10 karakter/);
});

test('user passwd changes the password; user list shows users', async () => {
  await userAddCommand('andi', { role: 'analyst' });
  process.env.DENGAR_USER_PASSWORD = 'sandi-baru-andi-123';
  await userPasswdCommand('andi');
  await userListCommand({ json: true });
  const list = JSON.parse(printed().split('\n').find((l) => l.startsWith('['))!) as { username: string; role: string }[];
  expect(list).toEqual([expect.objectContaining({ username: 'andi', role: 'analyst' })]);
  const control = openControlPlaneFor(loadConfig({ DENGAR_DATA_DIR: dir }));
  try {
    expect(await verifyPassword('sandi-baru-andi-123', (await control.accounts.findUser('andi'))!.passwordHash)).toBe(true);
  } finally {
    await control.close();
  }
});
