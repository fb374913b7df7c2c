/**
 * Dengar's Indonesian sentiment analyzer: the lexicon (lexicon.ts, on the `sentiment` package with
 * a registered Indonesian language) read first, and a small learned linear model (model.ts, fitted
 * by `npm run train:sentiment`) deciding the label from the lexicon's reading plus the post's
 * normalised words. Each verdict lists the terms that pulled hardest towards it.
 */
import type { Sentiment as SentimentResult } from '../../../schemas/enriched-post';
import { lexiconFingerprint, type SentimentAnalyzer } from './lexicon';
import { compileModel, loadModelFile, type LinearScorer, type SentimentModelFile } from './model';

export {
  CONTRAST,
  DEFAULT_TUNING,
  LEXICON_MODEL_VERSION,
  NEGATORS,
  POST_INTENSIFIERS,
  PRE_INTENSIFIERS,
  createLexiconAnalyzer,
  scoreToken,
  type SentimentAnalyzer,
  type Tuning,
} from './lexicon';

export interface SentimentAnalyzerOptions {
  /** A model already loaded (tests, `dengar train` before writing); default: models/sentiment-id.json. */
  model?: SentimentModelFile;
  modelPath?: string;
  /** How many deciding terms to return (default 8). */
  maxTerms?: number;
}

// The default model file is parsed once per process; analyzers built from it share the scorer.
const scorers = new Map<string, LinearScorer>();

function scorerFor(options: SentimentAnalyzerOptions): LinearScorer {
  if (options.model) return compileModel(options.model);
  const key = options.modelPath ?? '(default)';
  let scorer = scorers.get(key);
  if (!scorer) {
    scorer = compileModel(loadModelFile(options.modelPath));
    scorers.set(key, scorer);
  }
  return scorer;
}

/**
 * The model version a post records. It is the model file's own version, plus a marker when the
 * lexicon has changed since training (scores then differ from the file's dev figures; retrain).
 */
export function effectiveModelVersion(model: Pick<SentimentModelFile, 'modelVersion' | 'lexiconFingerprint'>): string {
  const current = lexiconFingerprint();
  return current === model.lexiconFingerprint ? model.modelVersion : `${model.modelVersion}+lex-${current.slice(0, 6)}`;
}

export function createSentimentAnalyzer(options: SentimentAnalyzerOptions = {}): SentimentAnalyzer {
  const scorer = scorerFor(options);
  const maxTerms = options.maxTerms ?? 8;
  const modelVersion = effectiveModelVersion(scorer);
  return {
    modelVersion,
    analyze(text: string): SentimentResult {
      const { label, score, terms } = scorer.score(text, maxTerms);
      return { label, score, terms };
    },
  };
}
