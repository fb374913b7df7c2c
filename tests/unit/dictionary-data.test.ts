import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { dictionaryStamp, dictionaryVersions, installDictionary } from '../../lib/domain/dictionaries';
import { dictionaryVersion, parseDictionary, shippedDictionary } from '../../lib/domain/dictionary-files';
import { applyStoredDictionaries, createDictionarySync } from '../../lib/domain/dictionary-sync';
import { matchOfficials } from '../../lib/domain/officials';
import { matchRegions, regionLabel, REGION_IDS, resolveRegionId } from '../../lib/domain/regions';
import { matchTopics, topicLabel, TOPIC_IDS, TOPICS } from '../../lib/domain/topics';
import { createSqliteStateStore } from '../../lib/state/sqlite-state-store';
import type { StateStore } from '../../lib/state/state-store';
import type { TopicDictionary } from '../../schemas';
import { silentLogger } from '../fixtures/logger';
import { waitFor } from '../fixtures/wait-for';

/** The issues of a dictionary that fails to parse, as `path: message` lines. */
function issuesOf(kind: 'topics' | 'regions' | 'officials', input: unknown): string[] {
  try {
    parseDictionary(kind, input);
  } catch (err) {
    if (err instanceof z.ZodError) return err.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw err;
  }
  throw new Error('parsed without error');
}

const shippedTopics = () => structuredClone(shippedDictionary('topics').data);

/** The shipped topics plus one new topic: what an admin adds through the API. */
function withMining(): TopicDictionary {
  const data = shippedTopics();
  data.topics.push({ id: 'tambang_ilegal', label: 'Tambang ilegal', keywords: ['tambang ilegal', 'penambangan liar*'] });
  return data;
}

describe('dictionary schema', () => {
  it('accepts the shipped files', () => {
    for (const kind of ['topics', 'regions', 'officials'] as const) {
      expect(shippedDictionary(kind).version).toMatch(/^[0-9a-f]{12}$/);
    }
    expect(shippedDictionary('regions').data.regions).toHaveLength(17);
  });

  it('names the entry, the field and the reason, in Indonesian', () => {
    const data = shippedTopics() as unknown as { topics: Record<string, unknown>[] };
    data.topics[1] = { ...data.topics[1], keywords: ['banjir', '  ', 'ban*jir', 'ba*'] };
    data.topics[3] = { ...data.topics[3], id: 'Angkutan Batubara' };
    data.topics[4] = { ...data.topics[4], keyword: ['lrt'] };
    expect(issuesOf('topics', data)).toEqual([
      'topics.1.keywords.1: topik 2 (banjir): tidak boleh kosong',
      'topics.1.keywords.2: topik 2 (banjir): tanda * hanya boleh di akhir frasa',
      'topics.1.keywords.3: topik 2 (banjir): kata sebelum * paling sedikit 3 huruf',
      'topics.3.id: topik 4 (Angkutan Batubara): id hanya huruf kecil, angka dan _ (mis. tambang_ilegal)',
      'topics.4: topik 5 (lrt): Kunci tidak dikenali : "keyword"',
    ]);
  });

  it('refuses repeated ids and repeated phrases, pointing at the repeat', () => {
    const data = shippedTopics();
    data.topics.push({ id: 'banjir', label: 'Banjir lagi', keywords: ['rob', 'Rob'] });
    expect(issuesOf('topics', data)).toEqual([
      'topics.18.keywords.1: topik 19 (banjir): "Rob" sudah ada di daftar ini',
      'topics.18.id: topik 19 (banjir): id "banjir" dipakai lebih dari sekali',
    ]);
  });

  it('checks region fields: kind, empty aliases, province cues', () => {
    const data = structuredClone(shippedDictionary('regions').data) as unknown as Record<string, unknown> & { regions: Record<string, unknown>[] };
    data.regions[2] = { ...data.regions[2], kind: 'provinsi', aliases: [] };
    delete data.provinceCues;
    const issues = issuesOf('regions', data);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^regions\.2\.kind: wilayah 3 \(ogan_komering_ilir\): .*kota.*kabupaten/);
    expect(issues[1]).toBe('regions.2.aliases: wilayah 3 (ogan_komering_ilir): minimal satu alias');
    expect(issues[2]).toMatch(/^provinceCues: /);
  });

  it('checks nearby rules: at least two groups, a sane window, and the usual phrase rules', () => {
    const data = shippedTopics() as unknown as { topics: Record<string, unknown>[] };
    data.topics[1] = { ...data.topics[1], nearby: [{ allOf: [['sungai']], within: 6 }, { allOf: [['sungai'], ['meluap', 'ba*']], within: 40 }] };
    expect(issuesOf('topics', data)).toEqual([
      'topics.1.nearby.0.allOf: topik 2 (banjir): minimal dua kelompok kata',
      'topics.1.nearby.1.allOf.1.1: topik 2 (banjir): kata sebelum * paling sedikit 3 huruf',
      'topics.1.nearby.1.within: topik 2 (banjir): within paling besar 20',
    ]);
  });

  it('reads an officials edit stored before agencies existed: every entry is a pejabat', () => {
    const before = { officials: [{ id: 'herman_deru', name: 'Herman Deru', role: 'Gubernur Sumatera Selatan', aliases: ['herman deru'] }] };
    expect(parseDictionary('officials', before).officials[0]!.kind).toBe('pejabat');
    const agency = { officials: [{ ...before.officials[0], id: 'bpbd_sumsel', kind: 'dinas' }] };
    expect(issuesOf('officials', agency)[0]).toMatch(/^officials\.0\.kind: pejabat\/instansi 1 \(bpbd_sumsel\): .*pejabat.*instansi/);
  });

  it('gives equal content one version, whatever the key order', () => {
    const data = withMining();
    const reordered = {
      exclusions: data.exclusions,
      topics: data.topics.map(({ nearby, keywords, label, id }) => ({ nearby, keywords, label, id })),
      note: data.note,
    };
    expect(dictionaryVersion(parseDictionary('topics', reordered))).toBe(dictionaryVersion(parseDictionary('topics', data)));
    expect(dictionaryVersion(parseDictionary('topics', data))).not.toBe(shippedDictionary('topics').version);
  });
});

describe('installing a dictionary', () => {
  afterEach(() => {
    for (const kind of ['topics', 'regions', 'officials'] as const) installDictionary(kind, shippedDictionary(kind));
  });

  it('switches matching, labels, id lists and the stamp, and back', () => {
    const shippedStamp = dictionaryStamp();
    expect(matchTopics('Penambangan liar marak di Muara Enim')).toEqual([]);
    const data = withMining();
    expect(installDictionary('topics', { data, version: dictionaryVersion(data) })).toBe(true);
    expect(matchTopics('Penambangan liarnya marak, banjir juga')).toEqual(['tambang_ilegal', 'banjir']);
    expect(topicLabel('tambang_ilegal')).toBe('Tambang ilegal');
    expect(TOPIC_IDS).toContain('tambang_ilegal');
    expect(TOPICS).toHaveLength(19);
    expect(dictionaryStamp()).toMatch(/^dict-[0-9a-f]{6}$/);
    expect(dictionaryStamp()).not.toBe(shippedStamp);
    expect(installDictionary('topics', { data, version: dictionaryVersion(data) })).toBe(false);

    installDictionary('topics', shippedDictionary('topics'));
    expect(dictionaryStamp()).toBe(shippedStamp);
    expect(topicLabel('tambang_ilegal')).toBe('tambang_ilegal');
  });

  it('compiles the nearby rules and exclusions of an edited topic dictionary', () => {
    const data = withMining();
    data.topics.at(-1)!.nearby = [{ allOf: [['galian', 'galian c'], ['tanpa izin', 'liar']], within: 4 }];
    data.exclusions = [...(data.exclusions ?? []), 'galian kabel'];
    installDictionary('topics', { data, version: dictionaryVersion(data) });
    expect(matchTopics('Galian C tanpa izin di Lahat')).toEqual(['tambang_ilegal']);
    expect(matchTopics('galian kabel liar di trotoar')).toEqual([]);
  });

  it('resolves ambiguous region names by context with an edited region dictionary', () => {
    const data = structuredClone(shippedDictionary('regions').data);
    const pali = data.regions.find((r) => r.id === 'pali')!;
    pali.name = 'Kabupaten PALI';
    pali.cues.push('handayani');
    installDictionary('regions', { data, version: dictionaryVersion(data) });
    expect(regionLabel('pali')).toBe('Kabupaten PALI');
    expect(matchRegions('Pasar Handayani ramai')).toEqual(['pali']);
    // Pendopo is in PALI and in Empat Lawang: the region the text names decides.
    expect(matchRegions('Warga Pendopo, Empat Lawang, mengeluh')).toEqual(['empat_lawang']);
    expect(matchRegions('Pendopo sepi')).toEqual([]);
    expect(resolveRegionId('OKI')).toBe('ogan_komering_ilir');
    expect(REGION_IDS).toHaveLength(17);
  });
});

describe('stored dictionaries', () => {
  let dir: string;
  let state: StateStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dengar-dict-'));
    state = createSqliteStateStore(path.join(dir, 'dengar.db'));
  });
  afterEach(async () => {
    for (const kind of ['topics', 'regions', 'officials'] as const) installDictionary(kind, shippedDictionary(kind));
    await state.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = (data: TopicDictionary) => ({ kind: 'topics' as const, version: dictionaryVersion(data), data, updatedBy: 'admin', updatedAt: '2026-11-28T03:00:00.000Z' });

  it('round-trips through SQLite and installs only what changed', async () => {
    expect(await state.getDictionary('topics')).toBeNull();
    expect(await applyStoredDictionaries(state)).toEqual([]);
    const data = withMining();
    await state.putDictionary(stored(data));
    expect(await state.getDictionary('topics')).toEqual(stored(data));
    expect(await applyStoredDictionaries(state)).toEqual(['topics']);
    expect(dictionaryVersions().topics).toBe(dictionaryVersion(data));
    expect(await applyStoredDictionaries(state)).toEqual([]);
    await state.deleteDictionary('topics');
    expect(await applyStoredDictionaries(state)).toEqual(['topics']);
    expect(dictionaryVersions().topics).toBe(shippedDictionary('topics').version);
  });

  it('refuses a stored edit this release cannot read, naming kind and version', async () => {
    await state.putDictionary({ ...stored(withMining()), version: 'abcdefabcdef', data: { topics: [] } });
    // A valid edit of another kind still goes in: one bad kind does not hold the others back.
    const regions = shippedDictionary('regions').data;
    const editedRegions = { ...regions, note: `${regions.note ?? ''} (disunting)` };
    await state.putDictionary({ kind: 'regions', version: dictionaryVersion(editedRegions), data: editedRegions, updatedBy: 'admin', updatedAt: '2026-11-28T03:00:00.000Z' });
    await expect(applyStoredDictionaries(state)).rejects.toThrow(/kamus topics versi abcdefabcdef yang tersimpan tidak valid: .*minimal satu topik/);
    expect(dictionaryVersions().topics).toBe(shippedDictionary('topics').version);
    expect(dictionaryVersions().regions).toBe(dictionaryVersion(editedRegions));
    await state.deleteDictionary('regions');
    await expect(applyStoredDictionaries(state)).rejects.toThrow(/kamus topics/);
    expect(dictionaryVersions().regions).toBe(shippedDictionary('regions').version);
  });

  it('polls: a write by another process is in use within an interval', async () => {
    const sync = createDictionarySync({ state, logger: silentLogger, pollMs: 20 });
    await sync.start();
    try {
      // Another process (the api) writes through its own connection to the same file.
      const other = createSqliteStateStore(path.join(dir, 'dengar.db'));
      await other.putDictionary(stored(withMining()));
      await other.close();
      await waitFor(() => matchTopics('tambang ilegal di hulu').includes('tambang_ilegal'), { what: 'topik baru dipakai' });
      expect((await sync.health()).details).toMatchObject({ stamp: dictionaryStamp(), lastError: null });
      expect(matchOfficials('Pak Gub meninjau')).toEqual(['herman_deru']);
    } finally {
      await sync.stop();
    }
  });
});
