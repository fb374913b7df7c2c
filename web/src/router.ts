/** Hash routes (#/pencarian?q=banjir): the server only serves files, and links survive reloads. */
export interface Route {
  page: string;
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, query] = hash.split('?');
  return { page: page || 'beranda', params: new URLSearchParams(query ?? '') };
}

export function go(page: string, params: Record<string, string | undefined> = {}): void {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  location.hash = `#/${page}${s ? `?${s}` : ''}`;
}

export function link(page: string, params: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return `#/${page}${s ? `?${s}` : ''}`;
}
