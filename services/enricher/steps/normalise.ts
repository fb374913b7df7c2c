/**
 * normaliseText: feed text arrives as HTML (Mastodon `content`, RSS descriptions, sometimes
 * escaped twice). Tags and entities go, whitespace collapses, Unicode is NFC. Text that is empty
 * after cleaning is bad data and goes to the DLQ with a reason.
 */
import { ERROR_CODES } from '../../../lib/errors';
import { dlq, ok, type StepResult } from '../../../lib/result';
import type { TextInput } from './content';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', middot: '·',
  bull: '•', zwj: '', zwnj: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // An invalid code point is left as written rather than throwing inside fromCodePoint.
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

function stripTags(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?[a-z][^<>]*>/gi, ' ');
}

/** Printable ASCII with single spaces: control characters, whitespace and NFC have nothing to do. */
const NEEDS_CLEANING = /[^\x20-\x7e]| {2}/;

/** Plain text from feed HTML; also used for titles. */
export function cleanFeedText(raw: string): string {
  let text = raw;
  // NOTE: without "<" or "&" there is no markup to strip or decode (most posts are plain text).
  if (raw.includes('<') || raw.includes('&')) {
    text = decodeEntities(stripTags(raw));
    // TRICKY: doubly escaped feeds ("&lt;p&gt;") only show their tags after one decode.
    if (/<\/?[a-z][^<>]*>/i.test(text)) text = stripTags(text);
  }
  if (!NEEDS_CLEANING.test(text)) return text.trim();
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

export function createNormaliseStep() {
  return function normaliseText<T extends TextInput>(input: T): StepResult<T> {
    const text = cleanFeedText(input.text);
    if (text === '') return dlq(ERROR_CODES.VALIDATION, 'text: kosong setelah HTML dan spasi dibersihkan');
    const post: TextInput = input; // extended in place (see step.ts)
    post.text = text;
    if (post.title !== undefined) {
      const title = cleanFeedText(post.title);
      post.title = title === '' ? undefined : title;
    }
    return ok(input);
  };
}
