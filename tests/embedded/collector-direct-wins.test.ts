import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { startEmbedded, type Running } from '../../lib/embedded';
import { postId } from '../../lib/ids';
import { startFeedServer, feedFixture, type FeedServer } from '../fixtures/feed-server';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

/**
 * One article from two sources of one deployment, as `dengar run` starts it: ANTARA's own feed
 * (headline and teaser) and a news sitemap listing the same article (headline only). Both give
 * the same post id; the stored post (real SQLite) must keep the teaser.
 */
describe('a headline-only source does not overwrite a direct feed teaser in the store', () => {
  let server: FeedServer;
  let embedded: Running | null = null;
  const article = 'https://sumsel.antaranews.com/berita/512288/kabut-asap-selimuti-palembang-ispu-masuk-kategori-tidak-sehat';
  const otherArticle = 'https://sumsel.antaranews.com/berita/512400/hanya-di-sitemap';

  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(async () => {
    await embedded?.stop();
    await server.close();
  });

  test('the teaser stays; articles only the sitemap has are still stored', async () => {
    server.setRoute('/rss', { body: feedFixture('antara-sumsel.rss.xml') });
    const entry = (loc: string, title: string) =>
      `<url><loc>${loc}</loc><news:news><news:publication><news:name>ANTARA</news:name></news:publication>` +
      `<news:publication_date>2026-11-02T08:00:00+07:00</news:publication_date><news:title>${title}</news:title></news:news></url>`;
    server.setRoute('/sitemap.xml', {
      contentType: 'application/xml',
      body: `<?xml version="1.0"?><urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${entry(article, 'Kabut asap selimuti Palembang, ISPU masuk kategori tidak sehat')}${entry(otherArticle, 'Hanya di sitemap')}</urlset>`,
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-direct-'));
    // The sitemap is listed first; the collector still polls the direct feed before it.
    writeFileSync(path.join(dir, 'sources.json'), JSON.stringify({ sources: [
      { id: 'uji-sitemap', kind: 'news_sitemap', url: `${server.url}/sitemap.xml` },
      { id: 'uji-antara', kind: 'rss', url: `${server.url}/rss` },
    ] }));
    const config = loadConfig({ DENGAR_DATA_DIR: path.join(dir, 'data'), DENGAR_SOURCES_FILE: path.join(dir, 'sources.json'), PORT: '0', DENGAR_COLLECT_ON_START: 'true' });
    embedded = await startEmbedded(config, silentLogger);
    const { store } = embedded.runtime;

    const sitemapOnly = await waitFor(() => store.get(postId('rss', otherArticle)), { what: 'artikel khusus sitemap tersimpan' });
    expect(sitemapOnly.text).toBe('Hanya di sitemap');
    const stored = await store.get(postId('rss', article));
    expect(stored?.text).toContain('Warga diimbau mengenakan masker');
    expect(embedded.collector?.status().find((s) => s.id === 'uji-sitemap')).toMatchObject({ lastSkipped: 1, lastError: null });
  });
});
