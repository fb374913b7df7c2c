/**
 * Near-duplicates end to end below the bus: the enricher's SimHash, the indexer's cluster assignment
 * on a real SQLite store, and `klaster:<id>` through the query language.
 */
import { dictionaryStamp } from '../../lib/domain/dictionaries';
import { iterateCorpus } from '../../bench/corpus';
import { parseQuery, QuerySyntaxError } from '../../lib/query';
import { hammingDistance, simhashBands } from '../../lib/store/simhash';
import { createSqlitePostStore } from '../../lib/store/sqlite';
import { MAX_NEAR_DUPLICATE_CANDIDATES, type PostStore } from '../../lib/store/post-store';
import type { EnrichedPost } from '../../schemas';
import { createEnrichment, ENRICHER_VERSION } from '../../services/enricher/enrich';
import { contentText } from '../../services/enricher/steps/content';
import { createNearDuplicateStep, MIN_WORDS, simHash } from '../../services/enricher/steps/near-duplicates';
import { assignClusters, NEAR_DUPLICATE_MAX_DISTANCE } from '../../services/indexer/near-duplicates';
import { buildEnrichedPost } from '../fixtures/build-enriched-post';
import { buildRawPost } from '../fixtures/build-raw-post';

const CAMPAIGN = 'Terima kasih Pak Gubernur atas perbaikan jalan lintas timur di Kayuagung, sekarang mulus dan aman dilewati warga setiap hari';
const NEWS =
  'Dinas Kesehatan Provinsi Sumatera Selatan menggelar vaksinasi gratis bagi anak dan lansia di Pagar Alam pekan ini, ' +
  'dengan target dua ribu warga di lima kecamatan selama tiga hari pelaksanaan';

function distance(a: string, b: string): number {
  return hammingDistance(simHash(a)!, simHash(b)!);
}

describe('SimHash (fingerprintText)', () => {
  it('keeps the values stored posts were clustered by', () => {
    // Pinned from the enricher that first stamped them: a change here re-clusters every stored post.
    const long = Array.from({ length: 450 }, (_, i) => `kata${(i * 7919) % 1000}`).join(' ');
    expect(simHash(CAMPAIGN)).toBe('c792d72aafcab583');
    expect(simHash(long)).toBe('e83ab02815fb1a08'); // past MAX_WORDS: every bit plane in use
    expect(simHash(Array(300).fill('banjir lagi').join(' '))).toBe('00c100e0c0d00580');
    expect(simHash('Café Ümlaut naïve ÉCOLE satu dua tiga')).toBe('bc71806cc12ce663');
  });

  it('gives identical texts the same 16-hex-digit hash', () => {
    expect(simHash(CAMPAIGN)).toMatch(/^[0-9a-f]{16}$/);
    expect(simHash(CAMPAIGN)).toBe(simHash(CAMPAIGN));
  });

  it('ignores what copies change: RT prefix, URLs, mentions, hashtags, case, punctuation, emoji, spacing', () => {
    const variants = [
      `RT @buzzer_plg: ${CAMPAIGN}`,
      `${CAMPAIGN} https://t.co/AbC123`,
      `@humas_sumsel ${CAMPAIGN} 👍🔥`,
      `${CAMPAIGN} #SumselMaju #Palembang`,
      CAMPAIGN.toUpperCase().replace(/,/g, ' !!'),
      CAMPAIGN.replace(/ /g, '   '),
    ];
    for (const v of variants) expect(distance(v, CAMPAIGN)).toBe(0);
  });

  it('keeps a copy with a word added at either end (dateline, "Setuju!", "mantap") within the near-duplicate distance', () => {
    expect(distance(`PALEMBANG - ${NEWS}`, NEWS)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
    expect(distance(`${NEWS} mantap`, NEWS)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
    // NOTE: a word replaced mid-text changes three 3-grams; in a 30-word post that is ~9 bits, past
    // the threshold (a known limit, see services/indexer/near-duplicates.ts); it still stays far
    // closer than unrelated text.
    expect(distance(NEWS.replace('gratis', 'murah'), NEWS)).toBeLessThan(16);
  });

  it('puts unrelated texts far apart', () => {
    const other = 'Harga cabai merah di Pasar Cinde naik dua kali lipat sejak awal pekan, pedagang mengeluhkan pasokan dari Pagar Alam';
    expect(distance(other, NEWS)).toBeGreaterThan(3 * NEAR_DUPLICATE_MAX_DISTANCE);
  });

  it(`gives no fingerprint to texts under ${MIN_WORDS} words (mentions and links do not count)`, () => {
    expect(simHash('Mantap Pak Gubernur!')).toBeUndefined();
    expect(simHash('@a @b @c mantap https://x.co/1 #sumsel')).toBeUndefined();
    expect(simHash('satu dua tiga empat lima')).toBeDefined();
  });

  it('the step adds simhash from title + text, and leaves short posts without one', () => {
    const step = createNearDuplicateStep();
    const withTitle = step({ title: 'Vaksinasi gratis di Pagar Alam', text: NEWS });
    expect(withTitle).toEqual({ kind: 'ok', value: { title: 'Vaksinasi gratis di Pagar Alam', text: NEWS, simhash: simHash(contentText({ title: 'Vaksinasi gratis di Pagar Alam', text: NEWS })) } });
    expect(step({ text: 'Mantap!' })).toEqual({ kind: 'ok', value: { text: 'Mantap!' } });
  });

  it('the enrichment chain stamps the SimHash and the new enricher version', () => {
    const result = createEnrichment()(buildRawPost({ text: CAMPAIGN }));
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.value).toMatchObject({ simhash: simHash(CAMPAIGN), enricherVersion: `${ENRICHER_VERSION}+${dictionaryStamp()}` });
    expect(ENRICHER_VERSION).toBe('enricher-0.2.0');
  });

  it('splits into 4 band keys; hashes within distance 3 always share one', () => {
    const h = simHash(CAMPAIGN)!;
    expect(simhashBands(h)).toEqual([`0:${h.slice(0, 4)}`, `1:${h.slice(4, 8)}`, `2:${h.slice(8, 12)}`, `3:${h.slice(12)}`]);
    // Flip 3 bits spread over three bands: the fourth band still matches.
    const flipped = [0, 20, 40].reduce((acc, bit) => flipBit(acc, bit), h);
    expect(hammingDistance(h, flipped)).toBe(3);
    expect(simhashBands(flipped).filter((b) => simhashBands(h).includes(b))).toHaveLength(1);
  });
});

function flipBit(hash: string, bit: number): string {
  const digit = Math.floor(bit / 4);
  const value = parseInt(hash[digit]!, 16) ^ (1 << (bit % 4));
  return hash.slice(0, digit) + value.toString(16) + hash.slice(digit + 1);
}

describe('cluster assignment in the indexer (real SQLite)', () => {
  let store: PostStore;
  beforeEach(() => {
    store = createSqlitePostStore({ file: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  /** Enrich-like posts: the builder plus the SimHash the enricher would add. */
  function post(sourceId: string, text: string, createdAt: string): EnrichedPost {
    const simhash = simHash(text);
    return buildEnrichedPost({ sourceId, source: 'x', text, createdAt, ...(simhash ? { simhash } : {}) });
  }

  const prefixes = ['', 'Setuju! ', 'Fakta: ', 'RT @relawan_sumsel: ', '@humas_sumsel '];
  const suffixes = ['', ' 👍', ' #SumselMajuTerus', ' https://t.co/x1', ' 🔥🔥', ' mantap'];
  const campaign = Array.from({ length: 30 }, (_v, i) =>
    post(`camp-${i}`, `${prefixes[i % prefixes.length]}${CAMPAIGN}${suffixes[Math.floor(i / 5) % suffixes.length]}`, `2026-11-02T0${Math.floor(i / 10)}:${String(i % 10).padStart(2, '0')}:00Z`),
  );
  const unrelated = Array.from(iterateCorpus({ seed: 11, count: 40, start: new Date('2026-11-01T00:00:00+07:00'), days: 2 }))
    .filter((item) => item.kind !== 'buzzer')
    .slice(0, 20)
    .map((item, i) => post(`other-${i}`, item.post.text, item.post.createdAt));

  async function index(batch: EnrichedPost[]): Promise<EnrichedPost[]> {
    const clustered = await assignClusters(store, batch);
    expect(await store.upsert(clustered)).toEqual({ stored: batch.length, failed: [] });
    return clustered;
  }

  function clusterSizes(posts: EnrichedPost[]): Map<string, number> {
    const sizes = new Map<string, number>();
    for (const p of posts) sizes.set(p.clusterId!, (sizes.get(p.clusterId!) ?? 0) + 1);
    return sizes;
  }

  it('puts a 30-variant copy-paste campaign in one cluster named after its first post; unrelated posts stay alone', async () => {
    const batch = [...campaign, ...unrelated].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const clustered = await index(batch);
    const campaignIds = new Set(clustered.filter((p) => p.sourceId.startsWith('camp-')).map((p) => p.clusterId));
    expect([...campaignIds]).toEqual([campaign[0]!.id]);
    for (const p of clustered.filter((q) => q.sourceId.startsWith('other-'))) expect(p.clusterId).toBe(p.id);
    expect(clusterSizes(clustered).get(campaign[0]!.id)).toBe(30);
    expect(await store.clusterSizes([campaign[0]!.id, unrelated[0]!.id, 'tidak-ada'])).toEqual({ [campaign[0]!.id]: 30, [unrelated[0]!.id]: 1 });
  });

  it('keeps cluster ids on redelivery, and a post never matches only itself', async () => {
    const first = await index(campaign.slice(0, 10));
    // Redelivered in reverse order: the stored ids hold, even for the cluster's first post.
    const again = await index([...campaign.slice(0, 10)].reverse());
    expect(new Map(again.map((p) => [p.id, p.clusterId]))).toEqual(new Map(first.map((p) => [p.id, p.clusterId])));
    const lone = post('lone', NEWS, '2026-11-05T00:00:00Z');
    await index([lone]);
    expect((await index([lone]))[0]!.clusterId).toBe(lone.id);
  });

  it('a copy arriving in a later batch joins the earlier cluster; one outside the 30-day window starts anew', async () => {
    await index(campaign.slice(0, 5));
    const later = post('later-copy', `Setuju! ${CAMPAIGN} #Palembang`, '2026-11-20T00:00:00Z');
    const muchLater = post('next-year', CAMPAIGN, '2027-01-20T00:00:00Z');
    const [joined, alone] = await index([later, muchLater]);
    expect(joined!.clusterId).toBe(campaign[0]!.id);
    expect(alone!.clusterId).toBe(muchLater.id);
  });

  describe(`with more than ${MAX_NEAR_DUPLICATE_CANDIDATES.toLocaleString('en')} older band-mates (the lookup cap)`, () => {
    const at = (ms: number): string => new Date(Date.parse('2026-11-20T00:00:00Z') + ms).toISOString();
    const HASH = 'abcd123456789abc';
    const COPY = flipBit(HASH, 63);
    /** Share band 0 ("abcd") with HASH, every other nibble inverted: far from it in Hamming distance. */
    const bandMates = Array.from({ length: MAX_NEAR_DUPLICATE_CANDIDATES }, (_v, i) => {
      const rest = (((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + (((i + 7) * 40503) & 0xffff).toString(16).padStart(4, '0'))
        .split('')
        .map((c) => (15 - parseInt(c, 16)).toString(16))
        .join('');
      return buildEnrichedPost({ sourceId: `mate-${i}`, createdAt: at(-20 * 86_400_000 + i), simhash: `abcd${rest}` });
    });
    // Stored as singletons straight away: clustering them against each other is not what is tested.
    const storeMates = async (): Promise<void> => {
      expect(await store.upsert(bandMates.map((m) => ({ ...m, clusterId: m.id })))).toEqual({ stored: bandMates.length, failed: [] });
    };

    it('a copy still joins a recent post: the newest candidates are kept', async () => {
      expect(Math.min(...bandMates.map((m) => hammingDistance(m.simhash!, HASH)))).toBeGreaterThan(NEAR_DUPLICATE_MAX_DISTANCE);
      const original = buildEnrichedPost({ sourceId: 'original', createdAt: at(-3_600_000), simhash: COPY });
      await index([original]);
      await storeMates();
      const [copy] = await index([buildEnrichedPost({ sourceId: 'copy', createdAt: at(0), simhash: HASH })]);
      expect(copy!.clusterId).toBe(original.id);
    });

    it('a redelivered post keeps its cluster: its stored copy is fetched by id, outside the cap', async () => {
      const original = buildEnrichedPost({ sourceId: 'original', createdAt: at(0), simhash: COPY });
      await index([original]);
      // Older than the original but collected later (a backfill): it joins the original's cluster.
      const late = buildEnrichedPost({ sourceId: 'late', createdAt: at(-3_600_000), simhash: HASH });
      expect((await index([late]))[0]!.clusterId).toBe(original.id);
      await storeMates();
      expect((await index([late]))[0]!.clusterId).toBe(original.id);
    });
  });

  it('posts without a SimHash (short texts) are their own cluster', async () => {
    const short = buildEnrichedPost({ sourceId: 'short', text: 'Mantap!' });
    const [clustered] = await index([short]);
    expect(clustered!.clusterId).toBe(short.id);
  });

  it('klaster:<id> (and cluster:) finds the whole cluster through the store', async () => {
    await index([...campaign, ...unrelated]);
    const id = campaign[0]!.id;
    for (const q of [`klaster:${id}`, `cluster:${id}`]) {
      const result = await store.search({ query: parseQuery(q), filters: {}, page: 1, size: 50, sort: 'newest', facets: ['sentiment'] });
      expect(result.total).toBe(30);
      expect(new Set(result.hits.map((h) => h.id))).toEqual(new Set(campaign.map((p) => p.id)));
      expect(await store.count({ query: parseQuery(`${q} -klaster:${id}`) })).toBe(0);
    }
  });
});

describe('klaster: in the query language', () => {
  it('parses the id as typed (ids are case-sensitive)', () => {
    expect(parseQuery('klaster:AbC-12_x')).toEqual({ type: 'field', field: 'cluster', value: 'AbC-12_x' });
    expect(parseQuery('cluster:AbC-12_x banjir')).toEqual({
      type: 'and',
      children: [{ type: 'field', field: 'cluster', value: 'AbC-12_x' }, { type: 'term', value: 'banjir' }],
    });
  });

  it('refuses a value that cannot be a post id, at its position', () => {
    expect(() => parseQuery('klaster:ab.c')).toThrow(QuerySyntaxError);
    expect(() => parseQuery('klaster:ab.c')).toThrow(/klaster "ab.c" tidak valid/);
  });
});
