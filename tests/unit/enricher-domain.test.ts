import { createPhraseMatcher, normaliseForMatch, tokensForMatch } from '../../lib/domain/match';
import { matchOfficials, officialLabel, OFFICIALS } from '../../lib/domain/officials';
import { matchRegions, regionLabel, REGION_IDS, REGIONS, resolveRegionId } from '../../lib/domain/regions';
import { matchTopics, topicLabel, TOPIC_IDS, TOPICS } from '../../lib/domain/topics';

describe('phrase matcher', () => {
  it('normalises case, punctuation, hyphens and diacritics', () => {
    expect(normaliseForMatch('  Kayu-Agung, SUMSEL!! café ')).toBe('kayu agung sumsel cafe');
  });

  it('matches whole tokens only, phrases, and prefix stems', () => {
    const m = createPhraseMatcher([
      { key: 'lrt', pattern: 'LRT' },
      { key: 'fire', pattern: 'kebakaran hutan*' },
      { key: 'flood', pattern: 'banjir' },
    ]);
    const keys = (text: string) => m.match(tokensForMatch(text)).map((x) => x.key);
    expect(keys('Naik LRT ke Jakabaring')).toEqual(['lrt']);
    expect(keys('red alert: sistem error')).toEqual([]);
    expect(keys('kebakaran hutannya meluas')).toEqual(['fire']);
    expect(keys('kebakaran rumah')).toEqual([]);
    expect(keys('banjiran')).toEqual([]);
  });

  it('hides a match that lies inside a longer one', () => {
    const m = createPhraseMatcher([
      { key: 'oku', pattern: 'oku' },
      { key: 'okut', pattern: 'oku timur' },
    ]);
    expect(m.match(tokensForMatch('Bupati OKU Timur')).map((x) => x.key)).toEqual(['okut']);
  });
});

describe('topics', () => {
  it('has the 18 topics of domain.md B3 with labels and keywords', () => {
    expect(TOPICS.map((t) => t.id)).toEqual([...TOPIC_IDS]);
    expect(TOPIC_IDS).toHaveLength(18);
    for (const t of TOPICS) expect(t.keywords.length).toBeGreaterThan(0);
    expect(topicLabel('karhutla_asap')).toBe('Karhutla & kabut asap');
    expect(topicLabel('tidak_ada')).toBe('tidak_ada');
  });

  it.each([
    ['Titik api bertambah, kabut asap selimuti Palembang', ['karhutla_asap']],
    ['Sungai Musi meluap, warga kebanjiran', ['banjir']],
    ['Jalan rusak dan berlubang di Betung, macet parah', ['jalan_jembatan']],
    ['Truk batu bara masih lewat jalan umum', ['angkutan_batubara']],
    ['LRT Sumsel mogok lagi', ['lrt']],
    ['Antrean panjang di puskesmas, obat kosong', ['kesehatan']],
    ['Keracunan MBG di sekolah dasar', ['stunting_gizi', 'pendidikan']],
    ['Harga cabai naik, LPG 3 kg langka', ['harga_bbm']],
    ['Kejati tetapkan tersangka korupsi Pasar Cinde', ['korupsi']],
    ['Bawaslu awasi politik uang jelang PSU', ['pemilu']],
    ['Urus KTP di Dukcapil lama sekali', ['layanan_publik']],
    ['Wisata Pulau Kemaro ramai saat Cap Go Meh', ['pariwisata']],
    ['Sumur minyak ilegal terbakar di Muba', ['investasi_energi']],
    ['Harga karet anjlok, petani sawit mengeluh', ['pertanian']],
    ['Bansos PKH belum cair', ['kemiskinan']],
    ['BNNP gerebek kampung narkoba', ['narkoba']],
    ['Aksi begal di jalan lintas', ['keamanan']],
  ])('%s → %j', (text, expected) => {
    expect(matchTopics(text)).toEqual(expected);
  });

  it('respects word boundaries ("rob" is not "robot", "lrt" is not "alert")', () => {
    expect(matchTopics('robot alert dibanjiri')).toEqual([]);
  });

  it('prefers the longer phrase across topics ("TPS liar" is rubbish, not an election)', () => {
    expect(matchTopics('TPS liar di pinggir jalan')).toEqual(['layanan_publik']);
  });
});

describe('regions', () => {
  it('has exactly the 17 kabupaten/kota ids', () => {
    expect(REGIONS.map((r) => r.id)).toEqual([...REGION_IDS]);
    expect(REGION_IDS).toHaveLength(17);
    expect(regionLabel('ogan_komering_ilir')).toBe('Kabupaten Ogan Komering Ilir');
    expect(regionLabel('kota_palembang')).toBe('Kota Palembang');
  });

  it('finds regions by name, alias, capital and place cue', () => {
    expect(matchRegions('Banjir di Plaju dan Kertapati')).toEqual(['kota_palembang']);
    expect(matchRegions('Kebakaran lahan di OKI dan Ogan Ilir')).toEqual(['ogan_komering_ilir', 'ogan_ilir']);
    expect(matchRegions('Jalan Kayuagung–Pedamaran rusak')).toEqual(['ogan_komering_ilir']);
    expect(matchRegions('Muba dan Muratara')).toEqual(['musi_banyuasin', 'musi_rawas_utara']);
    expect(matchRegions('PTBA di Tanjung Enim')).toEqual(['muara_enim']);
    expect(matchRegions('Kopi Pagaralam dari lereng Gunung Dempo')).toEqual(['kota_pagar_alam']);
  });

  it('does not confuse OKI, OKU, OKU Timur and OKU Selatan', () => {
    expect(matchRegions('OKU')).toEqual(['ogan_komering_ulu']);
    expect(matchRegions('OKI')).toEqual(['ogan_komering_ilir']);
    expect(matchRegions('Bupati OKU Timur')).toEqual(['oku_timur']);
    expect(matchRegions('Danau Ranau di OKU Selatan')).toEqual(['oku_selatan']);
    expect(matchRegions('Musi Rawas Utara')).toEqual(['musi_rawas_utara']);
  });

  it('needs a Sumsel cue for ambiguous places (Martapura, Tebing Tinggi, Merapi, Pendopo)', () => {
    expect(matchRegions('Banjir di Martapura, Kalimantan Selatan')).toEqual([]);
    expect(matchRegions('Pasar Martapura OKU Timur, Sumsel')).toEqual(['oku_timur']);
    expect(matchRegions('Martapura diguyur hujan, warga Sumsel waspada')).toEqual(['oku_timur']);
    expect(matchRegions('Kota Tebing Tinggi, Sumatera Utara')).toEqual([]);
    expect(matchRegions('Tebing Tinggi, Sumatera Selatan')).toEqual(['empat_lawang']);
    expect(matchRegions('Erupsi Merapi hari ini')).toEqual([]);
    expect(matchRegions('Gunung Merapi di Sumsel? bukan, itu Jawa')).toEqual([]);
    expect(matchRegions('Merapi, Kabupaten Lahat')).toEqual(['lahat']);
    expect(matchRegions('Rapat di pendopo kabupaten')).toEqual([]);
    expect(matchRegions('Pendopo, Sumatera Selatan')).toEqual(['pali']);
    expect(matchRegions('Pendopo Empat Lawang')).toEqual(['empat_lawang']);
  });

  it('does not tag rivers or idioms as regions', () => {
    expect(matchRegions('Sungai Musi dan Sungai Ogan meluap')).toEqual([]);
    expect(matchRegions('sampai ke liang lahat')).toEqual([]);
  });

  it('resolves query values to ids', () => {
    expect(resolveRegionId('OKI')).toBe('ogan_komering_ilir');
    expect(resolveRegionId('palembang')).toBe('kota_palembang');
    expect(resolveRegionId('ogan ilir')).toBe('ogan_ilir');
    expect(resolveRegionId('OI')).toBe('ogan_ilir');
    expect(resolveRegionId('oku_timur')).toBe('oku_timur');
    expect(resolveRegionId('Kota Lubuklinggau')).toBe('kota_lubuklinggau');
    expect(resolveRegionId('Kayu Agung')).toBe('ogan_komering_ilir');
    expect(resolveRegionId('Muara Enim')).toBe('muara_enim');
    expect(resolveRegionId('jakarta')).toBeUndefined();
    expect(resolveRegionId('')).toBeUndefined();
  });
});

describe('officials', () => {
  it('finds officials by name, spelling variant and title', () => {
    expect(matchOfficials('Gubernur Sumsel Herman Deru meninjau banjir')).toEqual(['herman_deru']);
    expect(matchOfficials('Sekda Edward Chandra membuka rapat')).toEqual(['edward_candra']);
    expect(matchOfficials('tolong pak gub, jalan rusak')).toEqual(['herman_deru']);
    expect(matchOfficials('Kadiskominfo Sumsel Rika Efianti')).toEqual(['rika_efianti']);
  });

  it('maps joint aliases to both people', () => {
    expect(matchOfficials('Program HDCU untuk semua')).toEqual(['herman_deru', 'cik_ujang']);
    expect(matchOfficials('RDPS blusukan ke pasar')).toEqual(['ratu_dewa', 'prima_salam']);
  });

  it('tells the mayor from the vice-mayor', () => {
    expect(matchOfficials('Wakil Wali Kota Palembang hadir')).toEqual(['prima_salam']);
    expect(matchOfficials('Wali Kota Palembang Ratu Dewa')).toEqual(['ratu_dewa']);
  });

  it('does not match inside other words or on a lone surname', () => {
    expect(matchOfficials('suara deru mesin')).toEqual([]);
    expect(matchOfficials('hermanto deruan')).toEqual([]);
  });

  it('has labels', () => {
    expect(OFFICIALS.length).toBeGreaterThanOrEqual(6);
    expect(officialLabel('cik_ujang')).toBe('Cik Ujang');
  });
});
