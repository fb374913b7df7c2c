/**
 * Posts per second of the Indonesian analyzer (lexicon + linear model), of the lexicon alone, and of the bare `sentiment` package (English
 * AFINN, no normalisation) on the same texts: the raw limit and what our additions cost.
 * Used by `npm run bench`; deterministic input, wall-clock output.
 */
import Sentiment from 'sentiment';
import { createSentimentAnalyzer, type SentimentAnalyzer } from './analyzer';
import { createLexiconAnalyzer } from './lexicon';

export interface ThroughputResult {
  posts: number;
  /** The analyzer under test (by default the production one: lexicon + linear model). */
  lexiconIdPostsPerSec: number;
  lexiconOnlyPostsPerSec: number;
  barePostsPerSec: number;
}

function postsPerSec(texts: readonly string[], rounds: number, run: (text: string) => unknown): number {
  for (const t of texts.slice(0, 200)) run(t); // warm-up so the JIT compares like with like
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const t of texts) run(t);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return Math.round((texts.length * rounds) / seconds);
}

export function measureSentimentThroughput(
  texts: readonly string[],
  options: { rounds?: number; analyzer?: SentimentAnalyzer } = {},
): ThroughputResult {
  const rounds = options.rounds ?? 3;
  const analyzer = options.analyzer ?? createSentimentAnalyzer();
  const lexiconOnly = createLexiconAnalyzer();
  const bare = new Sentiment();
  return {
    posts: texts.length * rounds,
    lexiconIdPostsPerSec: postsPerSec(texts, rounds, (t) => analyzer.analyze(t)),
    lexiconOnlyPostsPerSec: postsPerSec(texts, rounds, (t) => lexiconOnly.analyze(t)),
    barePostsPerSec: postsPerSec(texts, rounds, (t) => bare.analyze(t)),
  };
}
