import { SearchParams, toQuery } from '../lib/search-params';
import { createPostStore } from '../lib/runtime';
import { formatWib } from '../lib/time';
import { commandContext } from './context';

const SENTIMENT_ID = { positive: 'positif', negative: 'negatif', neutral: 'netral' } as const;

/** `dengar search "<query>"`: the same parameters and the same hits as `GET /api/search`. */
export async function searchCommand(query: string, opts: Record<string, string | boolean | undefined>): Promise<void> {
  const { config } = commandContext({}, { logToStderr: true });
  const params = SearchParams.parse({
    q: query,
    from: opts.from,
    to: opts.to,
    sentiment: opts.sentiment,
    topic: opts.topic,
    region: opts.region,
    source: opts.source,
    page: opts.page,
    size: opts.size,
  });
  const store = createPostStore(config);
  try {
    const result = await store.search(toQuery(params));
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    process.stdout.write(`${result.total} pos cocok (halaman ${result.page})\n`);
    for (const hit of result.hits) {
      const text = (hit.title ? `${hit.title} — ${hit.text}` : hit.text).replace(/\s+/g, ' ').slice(0, 140);
      process.stdout.write(`- [${formatWib(hit.createdAt)}] ${hit.source} ${SENTIMENT_ID[hit.sentiment.label]}: ${text}\n`);
    }
  } finally {
    await store.close();
  }
}
