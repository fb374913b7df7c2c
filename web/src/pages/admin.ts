import { api, ApiError } from '../api';
import { clear, h } from '../dom';
import { formatWib } from '../format';
import { session } from '../state';
import { renderDictionaryEditor } from './admin-dictionaries';
import { message, select } from '../components';
import type { AuditEntry, InboxSettings, PublicUser } from '../types';

const ROLES: [string, string][] = [
  ['viewer', 'Pembaca (viewer)'],
  ['analyst', 'Analis (analyst)'],
  ['admin', 'Admin'],
];

export async function renderAdmin(main: HTMLElement): Promise<void> {
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Admin')));
  const users = h('section', { class: 'card' });
  const rules = h('section', { class: 'card' });
  const dict = h('section', { class: 'card' });
  const audit = h('section', { class: 'card' });
  main.append(users, rules, dict, audit);
  await Promise.all([renderUsers(users), renderRules(rules), renderDictionaryEditor(dict), renderAudit(audit)]);
}

async function renderUsers(box: HTMLElement): Promise<void> {
  clear(box);
  const list = await api<PublicUser[]>('/api/users');
  const feedback = h('div', { 'aria-live': 'polite' });
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    clear(feedback);
    try {
      await fn();
      await renderUsers(box);
      box.append(message('ok', ok));
    } catch (err) {
      feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal.'));
    }
  };
  const username = h('input', { name: 'username', required: true, placeholder: 'nama.pengguna', autocomplete: 'off' });
  const password = h('input', { name: 'password', type: 'password', required: true, minlength: '10', autocomplete: 'new-password', placeholder: 'min. 10 karakter' });
  const role = select('role', ROLES, 'viewer');
  box.append(
    h('h2', {}, 'Pengguna'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Nama'), h('th', {}, 'Peran'), h('th', {}, 'Status'), h('th', {}, 'Dibuat'), h('th', {}, 'Tindakan'))),
        h(
          'tbody',
          {},
          list.map((u) => {
            const roleSel = select('role', ROLES, u.role, { 'aria-label': `Peran ${u.username}` });
            roleSel.addEventListener('change', () => void act(() => api(`/api/users/${u.id}`, { method: 'PATCH', body: { role: roleSel.value } }), `Peran ${u.username} diubah.`));
            const self = u.id === session.me?.user.id;
            return h(
              'tr',
              {},
              h('td', {}, u.username, self ? ' (Anda)' : ''),
              h('td', {}, roleSel),
              h('td', {}, u.disabled ? 'nonaktif' : 'aktif'),
              h('td', {}, formatWib(u.createdAt)),
              h(
                'td',
                { class: 'actions' },
                h('button', { type: 'button', class: 'secondary', onclick: () => act(() => api(`/api/users/${u.id}`, { method: 'PATCH', body: { disabled: !u.disabled } }), 'Tersimpan.') }, u.disabled ? 'Aktifkan' : 'Nonaktifkan'),
                self ? null : h('button', { type: 'button', class: 'danger', onclick: () => confirm(`Hapus ${u.username}?`) && act(() => api(`/api/users/${u.id}`, { method: 'DELETE' }), `${u.username} dihapus.`) }, 'Hapus'),
              ),
            );
          }),
        ),
      ),
    ),
    h(
      'form',
      {
        class: 'inline-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void act(() => api('/api/users', { method: 'POST', body: { username: username.value, password: password.value, role: role.value } }), `Pengguna ${username.value} dibuat.`);
        },
      },
      h('label', {}, 'Nama pengguna', username),
      h('label', {}, 'Kata sandi awal', password),
      h('label', {}, 'Peran', role),
      h('button', { type: 'submit' }, 'Tambah pengguna'),
    ),
    feedback,
    h('p', { class: 'muted small' }, `Peran: pembaca melihat; analis juga mengoreksi label, mengekspor dan mengurus kotak masuk; admin juga mengelola pengguna, sumber dan aturan. Lima kali gagal masuk mengunci nama pengguna 15 menit.`),
  );
}

async function renderRules(box: HTMLElement): Promise<void> {
  const settings = await api<InboxSettings>('/api/inbox/settings');
  const areas = settings.rules.map((r) => ({ rule: r, area: h('textarea', { rows: '2', 'aria-label': r.name }, r.terms.join(', ')) }));
  const feedback = h('div', { 'aria-live': 'polite' });
  box.append(
    h('h2', {}, 'Aturan Kotak Masuk'),
    h('p', { class: 'muted small' }, 'Kata, frasa atau @akun dipisah koma; akhiri dengan * untuk awalan (keluh*). Tanpa regex. Sumber berita (RSS, Google News) tidak masuk kotak masuk.'),
    h(
      'form',
      {
        onsubmit: async (e: Event) => {
          e.preventDefault();
          clear(feedback);
          const next = { ...settings, rules: areas.map(({ rule, area }) => ({ ...rule, terms: area.value.split(',').map((t) => t.trim()).filter(Boolean) })) };
          try {
            await api('/api/inbox/settings', { method: 'PUT', body: next });
            feedback.append(message('ok', 'Aturan disimpan.'));
          } catch (err) {
            feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal menyimpan aturan.'));
          }
        },
      },
      areas.map(({ rule, area }) => h('label', { class: 'block' }, `${rule.name} (${rule.kind})`, area)),
      h('button', { type: 'submit' }, 'Simpan aturan'),
      feedback,
    ),
  );
}

async function renderAudit(box: HTMLElement): Promise<void> {
  const entries = await api<AuditEntry[]>('/api/audit?limit=50');
  box.append(
    h('h2', {}, 'Log audit (50 terakhir)'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'small' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Waktu'), h('th', {}, 'Oleh'), h('th', {}, 'Tindakan'), h('th', {}, 'Sasaran'))),
        h('tbody', {}, entries.map((e) => h('tr', {}, h('td', {}, formatWib(e.at)), h('td', {}, e.actor), h('td', {}, e.action), h('td', {}, e.target ?? '')))),
      ),
    ),
  );
}
