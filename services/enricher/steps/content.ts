/**
 * The text the analysis steps read: the title and the body, without repeating a title the
 * collector already put at the start of the text (RSS maps title + description into text).
 */
import { tokensForMatch } from '../../../lib/domain/match';

export interface TextInput {
  text: string;
  title?: string | undefined;
}

interface Content {
  text: string | undefined;
  title: string | undefined;
  content: string;
  /** Match tokens of `content`, made when a step first asks. */
  tokens: readonly string[] | undefined;
}

// NOTE: the language, sentiment and tag steps run one after another on the same post, so the post
// in flight is remembered: its content is joined and tokenised once instead of once per step.
let current: Content = { text: undefined, title: undefined, content: '', tokens: undefined };

function contentOf(input: TextInput): Content {
  if (input.text !== current.text || input.title !== current.title) {
    current = { text: input.text, title: input.title, content: joinContent(input), tokens: undefined };
  }
  return current;
}

function joinContent(input: TextInput): string {
  const title = input.title?.trim();
  if (!title || input.text.includes(title)) return input.text;
  return `${title}. ${input.text}`;
}

export function contentText(input: TextInput): string {
  return contentOf(input).content;
}

/** Match tokens of a post's content (see lib/domain/match.ts). */
export function contentTokens(input: TextInput): readonly string[] {
  const content = contentOf(input);
  content.tokens ??= tokensForMatch(content.content);
  return content.tokens;
}
