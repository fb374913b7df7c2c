/**
 * A tiny DOM builder. Text is always set as text nodes, never as HTML, so post text from the
 * internet cannot inject markup or scripts.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}

/** The text with every match of the given words wrapped in <mark>, built as nodes. */
export function highlighted(text: string, terms: { value: string; prefix: boolean }[]): Node[] {
  const words = terms.map((t) => t.value.trim()).filter((v) => v.length > 0);
  if (words.length === 0) return [document.createTextNode(text)];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s\\p{P}]+'));
  const prefixes = new Set(terms.filter((t) => t.prefix).map((t) => t.value.toLowerCase()));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})([\\p{L}\\p{N}]*)`, 'giu');
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const whole = prefixes.has(m[1]!.toLowerCase()) || m[2] === '' ? m[0] : null;
    if (!whole) continue;
    out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(h('mark', {}, whole));
    last = m.index! + whole.length;
  }
  out.push(document.createTextNode(text.slice(last)));
  return out;
}
