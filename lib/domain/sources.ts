/**
 * How each source kind is named to people (web app, reports). Pure data with no imports, so the
 * browser bundle and the server share the one table.
 */
export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  rss: 'Berita (RSS)',
  google_news: 'Google News',
  youtube: 'YouTube',
  x: 'X',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  reddit: 'Reddit',
  telegram: 'Telegram',
  facebook: 'Facebook',
  instagram: 'Instagram',
  webhook: 'Webhook',
  import: 'Impor berkas',
};
