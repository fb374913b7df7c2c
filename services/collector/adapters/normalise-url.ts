/**
 * Canonical article URLs. The same article reaches us through a feed, Google News and a sitemap
 * with different tracking parameters and schemes; normalising them lets `source + sourceId` (the
 * post id) collide so it is stored once.
 */

/** Query parameters that only track the click, never select the content. */
const TRACKING_PARAM = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid)$/i;

/**
 * The identity form of an article URL (for sourceId): `cleanUrl` plus https instead of http.
 * Returns null for anything that is not an absolute http(s) URL.
 */
export function normaliseUrl(raw: string, base?: string): string | null {
  const cleaned = cleanUrl(raw, base);
  if (!cleaned) return null;
  const url = new URL(cleaned);
  // NOTE: news sites serve the same article on both schemes; only the identity is forced to https,
  // the link people click (`cleanUrl`) keeps the scheme the site gave.
  if (url.protocol === 'http:') {
    url.protocol = 'https:';
    if (url.port === '443') url.port = '';
  }
  return url.toString();
}

/**
 * The display form: lowercase host, no default port, no fragment or credentials, no tracking
 * parameters, remaining parameters sorted, no trailing slash on a non-root path.
 */
export function cleanUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([key]) => !TRACKING_PARAM.test(key));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}

/** The host without `www.`, lowercased; null when the URL does not parse. */
export function hostOf(raw: string): string | null {
  try {
    return new URL(raw).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(raw: string): boolean {
  try {
    const { protocol } = new URL(raw);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
