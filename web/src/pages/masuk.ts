import { api, ApiError } from '../api';
import { clear, h } from '../dom';
import { message } from '../components';

export function renderSetup(root: HTMLElement, command: string): void {
  clear(root);
  root.append(
    h(
      'main',
      { class: 'login' },
      h('h1', {}, 'Dengar'),
      h('h2', {}, 'Belum ada pengguna'),
      h('p', {}, 'Buat admin pertama di server tempat Dengar berjalan, lalu muat ulang halaman ini:'),
      h('pre', { class: 'command' }, command),
      h('p', { class: 'muted' }, 'Kata sandi diminta tanpa ditampilkan (atau isi DENGAR_USER_PASSWORD untuk skrip). Minimal 10 karakter.'),
      h('button', { type: 'button', onclick: () => location.reload() }, 'Muat ulang'),
    ),
  );
}

export function renderLogin(root: HTMLElement, onDone: () => Promise<void>): void {
  clear(root);
  const error = h('div', { 'aria-live': 'polite' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, 'Masuk');
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clear(error);
        submit.disabled = true;
        try {
          await api('/api/auth/login', { method: 'POST', body: { username: username.value, password: password.value }, quiet401: true });
          await onDone();
        } catch (err) {
          error.append(message('error', err instanceof ApiError ? err.message : 'Gagal masuk.'));
          password.value = '';
          password.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', {}, 'Nama pengguna', username),
    h('label', {}, 'Kata sandi', password),
    error,
    submit,
  );
  root.append(h('main', { class: 'login' }, h('h1', {}, 'Dengar'), h('p', { class: 'muted' }, 'Social listening Humas Pemprov Sumatera Selatan'), form));
  username.focus();
}
