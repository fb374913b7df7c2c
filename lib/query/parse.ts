import type { QueryField, QueryNode } from '../../schemas';
import { parseDateValue } from './date-range';
import { QuerySyntaxError } from './errors';
import {
  FIELD_NAMES,
  SENTIMENT_CHOICES,
  SOURCE_CHOICES,
  normaliseAuthor,
  normaliseSentiment,
  normaliseRegion,
  normaliseSlug,
  normaliseSource,
} from './fields';
import { tokenize, type Token } from './lexer';

export const MAX_QUERY_LENGTH = 1000;
/** Parentheses plus NOTs nested deeper than this are refused: no analyst needs it, and it bounds recursion. */
export const MAX_QUERY_DEPTH = 32;

const EXPECTED_OPERAND = 'kata, "frasa", filter (mis. sentiment:negatif), atau "("';
const FIELD_LIST = Object.keys(FIELD_NAMES).join(', ');

/**
 * Parse the analyst query language into a `QueryNode`. Grammar, loosest first:
 *
 *   query   := or EOF                      (blank → {type:'all'})
 *   or      := and (("OR" | "ATAU") and)*
 *   and     := unary (("AND" | "DAN")? unary)*    (adjacent terms are ANDed)
 *   unary   := ("NOT" | "BUKAN" | "-") unary | primary
 *   primary := "(" or ")" | word | word* | "phrase" | field:value | date:range
 *
 * Throws `QuerySyntaxError` with the position and what was expected there.
 */
export function parseQuery(input: string): QueryNode {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(MAX_QUERY_LENGTH, `kueri paling panjang ${MAX_QUERY_LENGTH} karakter`, 'kueri terlalu panjang');
  }
  const parser = new Parser(tokenize(input));
  if (parser.peek().kind === 'eof') return { type: 'all' };
  const node = parser.parseOr(0);
  const rest = parser.peek();
  if (rest.kind !== 'eof') {
    const problem = rest.kind === 'rparen' ? 'tanda ")" tanpa pasangan "("' : undefined;
    throw new QuerySyntaxError(rest.pos, 'operator atau akhir kueri', problem);
  }
  return node;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  parseOr(depth: number): QueryNode {
    const children = [this.parseAnd(depth)];
    while (this.peek().kind === 'or') {
      this.next();
      children.push(this.parseAnd(depth));
    }
    return combine('or', children);
  }

  private parseAnd(depth: number): QueryNode {
    const children = [this.parseUnary(depth)];
    for (;;) {
      const kind = this.peek().kind;
      if (kind === 'and') {
        this.next();
        children.push(this.parseUnary(depth));
      } else if (kind === 'eof' || kind === 'or' || kind === 'rparen') {
        return combine('and', children);
      } else {
        children.push(this.parseUnary(depth));
      }
    }
  }

  private parseUnary(depth: number): QueryNode {
    const token = this.peek();
    if (token.kind === 'not') {
      this.next();
      checkDepth(depth + 1, token.pos);
      return { type: 'not', child: this.parseUnary(depth + 1) };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): QueryNode {
    const token = this.next();
    switch (token.kind) {
      case 'word':
        return token.prefix ? { type: 'term', value: token.value, prefix: true } : { type: 'term', value: token.value };
      case 'phrase':
        return { type: 'phrase', value: token.value };
      case 'field':
        return fieldNode(token);
      case 'lparen': {
        checkDepth(depth + 1, token.pos);
        if (this.peek().kind === 'rparen') throw new QuerySyntaxError(this.peek().pos, EXPECTED_OPERAND, 'tanda kurung kosong');
        const inner = this.parseOr(depth + 1);
        const close = this.peek();
        if (close.kind !== 'rparen') throw new QuerySyntaxError(close.pos, '")"');
        this.next();
        return inner;
      }
      default:
        throw new QuerySyntaxError(token.pos, EXPECTED_OPERAND);
    }
  }
}

function checkDepth(depth: number, pos: number): void {
  if (depth > MAX_QUERY_DEPTH) {
    throw new QuerySyntaxError(pos, `paling banyak ${MAX_QUERY_DEPTH} tingkat kurung/NOT`, 'kueri terlalu bersarang');
  }
}

/** `a AND (b AND c)` is `and[a,b,c]`; a single child is itself. */
function combine(type: 'and' | 'or', children: QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const child of children) {
    if (child.type === type) flat.push(...child.children);
    else flat.push(child);
  }
  return flat.length === 1 ? flat[0]! : { type, children: flat };
}

function fieldNode(token: Extract<Token, { kind: 'field' }>): QueryNode {
  const field = FIELD_NAMES[token.name.toLowerCase()];
  if (!field) {
    throw new QuerySyntaxError(token.pos, `salah satu dari ${FIELD_LIST}`, `kolom "${token.name}" tidak dikenal`);
  }
  const raw = token.value.trim();
  if (!raw) throw new QuerySyntaxError(token.valuePos, `nilai untuk ${token.name}:`);
  if (field === 'date') {
    const bounds = parseDateValue(raw, token.valuePos);
    return { type: 'range', field: 'date', ...bounds };
  }
  return { type: 'field', field, value: fieldValue(field, raw, token) };
}

function fieldValue(field: QueryField, raw: string, token: Extract<Token, { kind: 'field' }>): string {
  switch (field) {
    case 'sentiment': {
      const label = normaliseSentiment(raw);
      if (!label) throw new QuerySyntaxError(token.valuePos, SENTIMENT_CHOICES, `sentimen "${raw}" tidak dikenal`);
      return label;
    }
    case 'source': {
      const source = normaliseSource(raw);
      if (!source) throw new QuerySyntaxError(token.valuePos, `salah satu dari ${SOURCE_CHOICES}`, `sumber "${raw}" tidak dikenal`);
      return source;
    }
    case 'topic':
    case 'region': {
      const slug = normaliseSlug(raw);
      if (!/[\p{L}\p{N}]/u.test(slug)) throw new QuerySyntaxError(token.valuePos, `nilai untuk ${token.name}:`);
      return field === 'region' ? normaliseRegion(raw) : slug;
    }
    case 'author': {
      const author = normaliseAuthor(raw);
      if (!author) throw new QuerySyntaxError(token.valuePos, `nilai untuk ${token.name}:`);
      return author;
    }
    case 'lang':
      return raw.toLowerCase();
    case 'cluster':
      if (!/^[A-Za-z0-9_-]{1,512}$/.test(raw)) throw new QuerySyntaxError(token.valuePos, 'id klaster (huruf, angka, - atau _)', `klaster "${raw}" tidak valid`);
      return raw;
  }
}
