import { api, ApiError, setCsrf, whenUnauthorized } from './api';
import { destroyCharts } from './charts';
import { clear, h } from './dom';
import { ROLE_LABEL } from './format';
import { currentRoute, go } from './router';
import { can, session } from './state';
import type { Me, Role } from './types';
import { renderLogin, renderSetup } from './pages/masuk';
import { renderBeranda } from './pages/beranda';
import { renderPencarian } from './pages/pencarian';
import { renderKotakMasuk } from './pages/kotak-masuk';
import { renderSuaraLokal } from './pages/suara-lokal';
import { renderKoreksi } from './pages/koreksi';
import { renderSumber } from './pages/sumber';
import { renderAdmin } from './pages/admin';
import { renderLaporan } from './pages/laporan';
import { renderPeringatan } from './pages/peringatan';
import { message } from './components';

interface PageDef {
  id: string;
  title: string;
  least: Role;
  render: (main: HTMLElement, params: URLSearchParams) => Promise<void>;
}

const PAGES: PageDef[] = [
  { id: 'beranda', title: 'Beranda', least: 'viewer', render: renderBeranda },
  { id: 'pencarian', title: 'Pencarian', least: 'viewer', render: renderPencarian },
  { id: 'kotak-masuk', title: 'Kotak Masuk', least: 'viewer', render: renderKotakMasuk },
  { id: 'suara-lokal', title: 'Suara Lokal', least: 'viewer', render: renderSuaraLokal },
  { id: 'peringatan', title: 'Peringatan', least: 'viewer', render: renderPeringatan },
  { id: 'laporan', title: 'Laporan', least: 'viewer', render: renderLaporan },
  { id: 'koreksi', title: 'Koreksi', least: 'analyst', render: renderKoreksi },
  { id: 'sumber', title: 'Sumber', least: 'viewer', render: renderSumber },
  { id: 'admin', title: 'Admin', least: 'admin', render: renderAdmin },
];

const root = document.getElementById('app')!;

async function boot(): Promise<void> {
  whenUnauthorized(() => {
    session.me = null;
    void boot();
  });
  const status = await api<{ setupRequired: boolean; setupCommand: string | null; user: Me['user'] | null }>('/api/auth/status');
  if (status.setupRequired) return renderSetup(root, status.setupCommand ?? 'npx dengar user add admin --role admin');
  if (!status.user) {
    return renderLogin(root, async () => {
      await boot();
    });
  }
  session.me = await api<Me>('/api/auth/me');
  setCsrf(session.me.csrfToken);
  await render();
}

function shell(active: string): HTMLElement {
  const me = session.me!;
  const nav = h(
    'nav',
    { class: 'nav', 'aria-label': 'Menu utama' },
    PAGES.filter((p) => can(p.least)).map((p) => h('a', { href: `#/${p.id}`, class: p.id === active ? 'active' : '', 'aria-current': p.id === active ? 'page' : null }, p.title)),
  );
  const logout = h(
    'button',
    {
      type: 'button',
      class: 'link',
      onclick: async () => {
        await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
        session.me = null;
        setCsrf(null);
        location.hash = '';
        await boot();
      },
    },
    'Keluar',
  );
  const main = h('main', { id: 'main' });
  clear(root);
  root.append(
    h('header', { class: 'top' }, h('a', { class: 'brand', href: '#/beranda' }, 'Dengar'), nav, h('div', { class: 'who' }, h('span', {}, `${me.user.username} · ${ROLE_LABEL[me.user.role]}`), logout)),
    main,
  );
  return main;
}

async function render(): Promise<void> {
  if (!session.me) return;
  destroyCharts();
  const route = currentRoute();
  const page = PAGES.find((p) => p.id === route.page) ?? PAGES[0]!;
  const main = shell(page.id);
  document.title = `${page.title} — Dengar`;
  if (!can(page.least)) {
    main.append(message('error', `Halaman ${page.title} hanya untuk peran ${ROLE_LABEL[page.least]} ke atas.`));
    return;
  }
  try {
    await page.render(main, route.params);
  } catch (err) {
    main.append(message('error', err instanceof ApiError ? err.message : 'Terjadi kesalahan saat memuat halaman.'));
  }
}

window.addEventListener('hashchange', () => void render());
void boot().catch(() => {
  clear(root);
  root.append(message('error', 'Tidak dapat menghubungi server Dengar. Periksa koneksi lalu muat ulang.'));
});
export { go };
