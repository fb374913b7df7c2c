/**
 * The text the analysis steps read: the title and the body, without repeating a title the
 * collector already put at the start of the text (RSS maps title + description into text).
 */
import { tokensForMatch } from '../../../lib/domain/match';

export interface TextInput {
  text: string;
  title?: string | undefined;
}

export function contentText(input: TextInput): string {
  const title = input.title?.trim();
  if (!title || input.text.includes(title)) return input.text;
  return `${title}. ${input.text}`;
}

let lastText: string | undefined;
let lastTokens: readonly string[] = [];

/**
 * Match tokens of a post's content. The language and tag steps run one after another on the same
 * post, so remembering the last text tokenises each post once instead of four times.
 */
export function contentTokens(input: TextInput): readonly string[] {
  const text = contentText(input);
  if (text !== lastText) {
    lastTokens = tokensForMatch(text);
    lastText = text;
  }
  return lastTokens;
}
