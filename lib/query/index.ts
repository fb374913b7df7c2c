/** The analyst query language: parse a typed query into the `QueryNode` AST every store compiles. */
export { parseQuery, MAX_QUERY_LENGTH, MAX_QUERY_DEPTH } from './parse';
export { QuerySyntaxError } from './errors';
export { parseDateValue, type DateBounds } from './date-range';
export {
  FIELD_NAMES,
  normaliseAuthor,
  normaliseFieldValue,
  normaliseRegion,
  normaliseSentiment,
  normaliseSlug,
  normaliseSource,
} from './fields';
export { tokenize, type Token } from './lexer';
