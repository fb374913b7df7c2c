import { QuerySyntaxError } from './errors';

/** One lexical unit of the analyst query; `pos` is the 0-based index of its first character. */
export type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'eof'; pos: number }
  | { kind: 'word'; pos: number; value: string; prefix: boolean }
  | { kind: 'phrase'; pos: number; value: string }
  | { kind: 'field'; pos: number; name: string; value: string; valuePos: number };

/** Operators are recognised only in UPPERCASE: lowercase "dan"/"atau" are ordinary Indonesian words. */
const OPERATORS: Readonly<Record<string, 'and' | 'or' | 'not'>> = {
  AND: 'and',
  DAN: 'and',
  OR: 'or',
  ATAU: 'or',
  NOT: 'not',
  BUKAN: 'not',
};

const FIELD_RE = /^([A-Za-z_]+):/;
/** A word with no letter or digit ("," or "!!") would index nothing, so it is skipped. */
const HAS_TEXT_RE = /[\p{L}\p{N}]/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

function isWordEnd(ch: string | undefined): boolean {
  return ch === undefined || ch === '(' || ch === ')' || ch === '"' || isSpace(ch);
}

function startsOperand(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '-' && ch !== ')' && !isSpace(ch);
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
    } else if (ch === '"') {
      const { value, end } = readQuoted(input, i);
      const text = collapse(value);
      if (HAS_TEXT_RE.test(text)) tokens.push({ kind: 'phrase', pos: i, value: text });
      i = end;
    } else if (ch === '-' && startsOperand(input[i + 1])) {
      // `-x`, `-"…"`, `-(…)` negate; a `-` inside a word (ogan-ilir) never gets here.
      tokens.push({ kind: 'not', pos: i });
      i++;
    } else {
      i = readWord(input, i, tokens);
    }
  }
  tokens.push({ kind: 'eof', pos: input.length });
  return tokens;
}

function readWord(input: string, start: number, tokens: Token[]): number {
  const field = FIELD_RE.exec(input.slice(start));
  // `https://…` is a link someone pasted, not a field called "https".
  if (field && !input.startsWith('//', start + field[0].length)) {
    const valuePos = start + field[0].length;
    if (input[valuePos] === '"') {
      const { value, end } = readQuoted(input, valuePos);
      tokens.push({ kind: 'field', pos: start, name: field[1]!, value: collapse(value), valuePos: valuePos + 1 });
      return end;
    }
    let end = valuePos;
    while (!isWordEnd(input[end])) end++;
    tokens.push({ kind: 'field', pos: start, name: field[1]!, value: input.slice(valuePos, end), valuePos });
    return end;
  }
  let end = start;
  while (!isWordEnd(input[end])) end++;
  const raw = input.slice(start, end);
  const op = OPERATORS[raw];
  if (op) {
    tokens.push({ kind: op, pos: start });
    return end;
  }
  const prefix = raw.endsWith('*');
  const value = (prefix ? raw.replace(/\*+$/, '') : raw).toLowerCase();
  if (HAS_TEXT_RE.test(value)) tokens.push({ kind: 'word', pos: start, value, prefix });
  return end;
}

/** Read `"…"` starting at the opening quote; returns the inner text and the index after the closing quote. */
function readQuoted(input: string, start: number): { value: string; end: number } {
  const close = input.indexOf('"', start + 1);
  if (close < 0) throw new QuerySyntaxError(input.length, 'tanda kutip penutup (")', 'frasa tidak ditutup');
  return { value: input.slice(start + 1, close), end: close + 1 };
}

function collapse(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
