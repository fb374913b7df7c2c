/**
 * scoreSentiment: the lexicon analyzer's verdict and the terms behind it, plus the model version
 * so stored posts can be re-scored when the model changes.
 */
import { ok, type StepResult } from '../../../lib/result';
import type { Sentiment } from '../../../schemas/enriched-post';
import type { SentimentAnalyzer } from '../sentiment/analyzer';
import { contentText, type TextInput } from './content';

export interface SentimentStepDeps {
  analyzer: SentimentAnalyzer;
}

export function createSentimentStep({ analyzer }: SentimentStepDeps) {
  return function scoreSentiment<T extends TextInput>(
    input: T,
  ): StepResult<T & { sentiment: Sentiment; modelVersion: string }> {
    const sentiment = analyzer.analyze(contentText(input));
    const post = input as T & { sentiment: Sentiment; modelVersion: string }; // extended in place (see step.ts)
    post.sentiment = sentiment;
    post.modelVersion = analyzer.modelVersion;
    return ok(post);
  };
}
