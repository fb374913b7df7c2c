import type { AccountStore } from '../../../services/api/accounts/account-store';
import { manualClock, type NewBacking } from './store-contract';

const T0 = '2026-11-28T01:00:00.000Z';
const HOUR = 3_600_000;
const hash = (label: string) => `sha256-${label}`;
const newUser = (username: string, role: 'viewer' | 'analyst' | 'admin' = 'viewer') => ({ username, role, passwordHash: `scrypt$${username}` });

export function accountStoreContract(newBacking: NewBacking<AccountStore>): void {
  describe('AccountStore contract', () => {
    test('users: unique by name in any case, listed by name, updated and deleted from any replica', async () => {
      const clock = manualClock(T0);
      const backing = await newBacking();
      const a = backing.open(clock.now);
      const b = backing.open(clock.now);
      expect(await a.countUsers()).toBe(0);
      const siti = await a.createUser(newUser('siti', 'admin'));
      clock.advance(1_000);
      const budi = await a.createUser(newUser('budi'));

      expect(siti).toEqual({ id: siti.id, username: 'siti', role: 'admin', disabled: false, createdAt: T0, updatedAt: T0 });
      // The other replica sees the new user at once: by name (login), by id (session), in the list and the count.
      expect(await b.findUser(' Siti ')).toEqual({ ...siti, passwordHash: 'scrypt$siti' });
      expect(await b.getUser(siti.id)).toEqual({ ...siti, passwordHash: 'scrypt$siti' });
      expect(await b.listUsers()).toEqual([budi, siti]);
      expect(await b.countUsers()).toBe(2);
      expect(await b.findUser('tidak-ada')).toBeNull();
      expect(await b.getUser('tidak-ada')).toBeNull();

      await expect(b.createUser(newUser('SITI'))).rejects.toMatchObject({ status: 409, code: 'DENGAR_ERR_CONFLICT', message: 'Pengguna "siti" sudah ada.' });
      // Two replicas adding one name at the same moment make one user.
      const raced = await Promise.allSettled([a.createUser(newUser('rina')), b.createUser(newUser('rina'))]);
      expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await a.countUsers()).toBe(3);

      clock.advance(60_000);
      const changed = await b.updateUser(budi.id, { role: 'analyst', disabled: true, passwordHash: 'scrypt$baru' });
      expect(changed).toEqual({ ...budi, role: 'analyst', disabled: true, updatedAt: '2026-11-28T01:01:01.000Z' });
      expect((await a.findUser('budi'))?.passwordHash).toBe('scrypt$baru');
      expect(await a.getUser(budi.id)).toEqual({ ...changed, passwordHash: 'scrypt$baru' });
      expect(await a.updateUser('tidak-ada', { role: 'admin' })).toBeNull();

      expect(await b.deleteUser(budi.id)).toBe(true);
      expect(await a.deleteUser(budi.id)).toBe(false);
      expect(await a.getUser(budi.id)).toBeNull();
      expect(await a.findUser('budi')).toBeNull();
      expect((await a.listUsers()).map((u) => u.username)).toEqual(['rina', 'siti']);
      // The name is free again, for a new account with a new id.
      const again = await b.createUser(newUser('budi'));
      expect(again.id).not.toBe(budi.id);
      expect(await a.getUser(budi.id)).toBeNull();
    });

    test('sessions: found by hash on any replica, expired ones are not served and get swept, revoked per session or per user', async () => {
      const clock = manualClock(T0);
      const backing = await newBacking();
      const a = backing.open(clock.now);
      const b = backing.open(clock.now);
      const t0 = Date.parse(T0);
      const session = (userId: string, hours: number) => ({ userId, csrfToken: `csrf-${userId}-${hours}`, expiresAt: t0 + hours * HOUR });

      await a.createSession(hash('s1'), session('u1', 12));
      await a.createSession(hash('s2'), session('u1', 12));
      await a.createSession(hash('s3'), session('u2', 12));
      await a.createSession(hash('short'), session('u2', 1));
      expect(await b.getSession(hash('s1'), t0)).toEqual(session('u1', 12));
      expect(await b.getSession(hash('tidak-ada'), t0)).toBeNull();

      // Past its lifetime a session is refused, and the sweep deletes it: earlier instants no longer find it.
      expect(await b.getSession(hash('short'), t0 + 2 * HOUR)).toBeNull();
      expect(await backing.open(clock.now).getSession(hash('short'), t0)).toBeNull();
      expect(await a.getSession(hash('s3'), t0 + 2 * HOUR)).toEqual(session('u2', 12));

      await b.deleteSession(hash('s1'));
      expect(await a.getSession(hash('s1'), t0)).toBeNull();
      await b.deleteUserSessions('u1');
      expect(await a.getSession(hash('s2'), t0)).toBeNull();
      expect(await a.getSession(hash('s3'), t0)).toEqual(session('u2', 12));
    });

    test('API tokens: listed per owner, used by hash (stamped), revoked only by their owner, gone with the user', async () => {
      const clock = manualClock(T0);
      const backing = await newBacking();
      const a = backing.open(clock.now);
      const b = backing.open(clock.now);
      const owner = await a.createUser(newUser('pemilik'));
      const first = await a.createToken({ id: 'tok-1', userId: owner.id, name: 'skrip laporan', tokenHash: hash('t1'), prefix: 'dgr_abcdef' });
      clock.advance(1_000);
      const second = await a.createToken({ id: 'tok-2', userId: owner.id, name: 'ekspor', tokenHash: hash('t2'), prefix: 'dgr_123456' });
      await a.createToken({ id: 'tok-3', userId: 'orang-lain', name: 'lain', tokenHash: hash('t3'), prefix: 'dgr_zzzzzz' });
      expect(first).toEqual({ id: 'tok-1', name: 'skrip laporan', prefix: 'dgr_abcdef', createdAt: T0, lastUsedAt: null });
      expect(await b.listTokens(owner.id)).toEqual([first, second]);

      clock.advance(60_000);
      expect(await b.useToken(hash('t1'))).toEqual({ userId: owner.id, tokenId: 'tok-1' });
      expect(await b.useToken(hash('tidak-ada'))).toBeNull();
      expect(await a.listTokens(owner.id)).toEqual([{ ...first, lastUsedAt: '2026-11-28T01:01:01.000Z' }, second]);

      expect(await b.deleteToken('orang-lain', 'tok-1')).toBe(false);
      expect(await b.deleteToken(owner.id, 'tok-1')).toBe(true);
      expect(await a.deleteToken(owner.id, 'tok-1')).toBe(false);
      expect(await a.useToken(hash('t1'))).toBeNull();

      await a.createSession(hash('sesi-pemilik'), { userId: owner.id, csrfToken: 'c', expiresAt: Date.parse(T0) + HOUR });
      expect(await b.deleteUser(owner.id)).toBe(true);
      expect(await a.useToken(hash('t2'))).toBeNull();
      expect(await a.getSession(hash('sesi-pemilik'), Date.parse(T0))).toBeNull();
      expect(await a.listTokens('orang-lain')).toHaveLength(1);
    });

    test('login failures: counted per key in a window, cleared per key, none lost when two replicas record at once', async () => {
      const backing = await newBacking();
      const a = backing.open();
      const b = backing.open();
      const t0 = Date.parse(T0);
      await a.recordFailure(['u:siti', 'ip:10.0.0.1'], t0);
      await b.recordFailure(['u:siti', 'ip:10.0.0.1'], t0 + 60_000);
      await a.recordFailure(['u:budi', 'ip:10.0.0.1'], t0 + 120_000);
      expect(await b.countFailures('u:siti', t0)).toEqual({ count: 2, last: t0 + 60_000 });
      expect(await b.countFailures('u:siti', t0 + 30_000)).toEqual({ count: 1, last: t0 + 60_000 });
      expect(await b.countFailures('u:siti', t0 + 90_000)).toEqual({ count: 0, last: null });
      expect(await a.countFailures('ip:10.0.0.1', t0)).toEqual({ count: 3, last: t0 + 120_000 });
      expect(await a.countFailures('u:tidak-ada', 0)).toEqual({ count: 0, last: null });

      await b.clearFailures('u:siti');
      expect(await a.countFailures('u:siti', 0)).toEqual({ count: 0, last: null });
      expect(await a.countFailures('ip:10.0.0.1', 0)).toEqual({ count: 3, last: t0 + 120_000 });

      // Two api replicas under a guessing attack on one account: every failure counts.
      const perReplica = 8;
      const at = t0 + 180_000;
      await Promise.all([a, b].flatMap((store) => Array.from({ length: perReplica }, (_, i) => store.recordFailure(['u:target', 'ip:10.0.0.9'], at + i))));
      expect(await a.countFailures('u:target', t0)).toEqual({ count: 2 * perReplica, last: at + perReplica - 1 });
      expect(await b.countFailures('ip:10.0.0.9', t0)).toEqual({ count: 2 * perReplica, last: at + perReplica - 1 });

      // A day later the old failures are forgotten.
      await a.recordFailure(['u:target'], t0 + 25 * HOUR);
      expect(await b.countFailures('u:target', 0)).toEqual({ count: 1, last: t0 + 25 * HOUR });
    });

    test('audit log: append-only with unique numbers across replicas, newest first, paged by `before`, filtered by action', async () => {
      const clock = manualClock(T0);
      const backing = await newBacking();
      const a = backing.open(clock.now);
      const b = backing.open(clock.now);
      const entry = (action: string, target: string) => ({ actorId: 'u1', actor: 'siti', action, target, details: { catatan: target } });
      await a.audit(entry('user.create', 'budi'));
      clock.advance(1_000);
      await b.audit({ ...entry('label.set', 'p1'), actorId: null, actor: 'cli' });
      await a.audit({ ...entry('user.update', 'budi'), at: '2026-11-20T00:00:00.000Z' });
      await Promise.all([a.audit(entry('label.set', 'p2')), b.audit(entry('label.set', 'p3')), a.audit(entry('label.set', 'p4'))]);

      const all = await b.listAudit({ limit: 100 });
      expect(all).toHaveLength(6);
      const seqs = all.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(6);
      expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
      expect(all.slice(3)).toEqual([
        { seq: seqs[3], at: '2026-11-20T00:00:00.000Z', ...entry('user.update', 'budi') },
        { seq: seqs[4], at: '2026-11-28T01:00:01.000Z', ...entry('label.set', 'p1'), actorId: null, actor: 'cli' },
        { seq: seqs[5], at: T0, ...entry('user.create', 'budi') },
      ]);
      expect(all.slice(0, 3).map((e) => e.target).sort()).toEqual(['p2', 'p3', 'p4']);

      expect(await a.listAudit({ limit: 2 })).toEqual(all.slice(0, 2));
      expect(await a.listAudit({ limit: 2, before: seqs[1] })).toEqual(all.slice(2, 4));
      expect(await a.listAudit({ limit: 100, before: seqs[5] })).toEqual([]);
      const labels = await a.listAudit({ limit: 100, action: 'label.set' });
      expect(labels).toEqual(all.filter((e) => e.action === 'label.set'));
      expect(await a.listAudit({ limit: 1, action: 'label.set', before: labels[1]!.seq })).toEqual([labels[2]]);
    });
  });
}
