import { createPhraseMatcher, createTagMatcher, normaliseForMatch, tokensForMatch } from '../../lib/domain/match';
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
      // One-word stems of different lengths sharing a first letter.
      { key: 'slide', pattern: 'longsor*' },
      { key: 'long', pattern: 'lon*' },
    ]);
    const keys = (text: string) => m.match(tokensForMatch(text)).map((x) => x.key);
    expect(keys('Naik LRT ke Jakabaring')).toEqual(['lrt']);
    expect(keys('longsornya lalu l lo lon')).toEqual(['slide', 'long', 'long']);
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

describe('tag matcher: nearby rules and exclusions', () => {
  const roads = createTagMatcher(
    [
      { tag: 'flood', phrases: ['banjir'] },
      { tag: 'road', phrases: ['jembatan'], nearby: [{ allOf: [['jalan', 'ruas jalan'], ['rusak', 'ambles*']], within: 4 }] },
      { tag: 'fire', phrases: ['lahan terbakar'] },
      { tag: 'farm', phrases: ['sawit'] },
    ],
    ['jembatan timbang', 'jalan keluar'],
  );
  const tags = (text: string) => roads.match(tokensForMatch(text));

  it('tags when one phrase of every group lies within the window, in either order', () => {
    expect(tags('jalan rusak')).toEqual(['road']);
    expect(tags('Rusak lagi jalan itu')).toEqual(['road']);
    // "jalan Gumawang Belitang amblesnya" spans exactly 4 tokens; one more word is too far.
    expect(tags('jalan Gumawang Belitang amblesnya')).toEqual(['road']);
    expect(tags('jalan Gumawang ke Belitang ambles')).toEqual([]);
    expect(tags('ruas jalan itu rusak')).toEqual(['road']);
  });

  it('needs every group: one word alone tags nothing', () => {
    expect(tags('jalan-jalan sore')).toEqual([]);
    expect(tags('motornya rusak')).toEqual([]);
  });

  it('orders tags by first mention, a rule by where its window starts', () => {
    expect(tags('Jalan rusak setelah banjir')).toEqual(['road', 'flood']);
    expect(tags('Banjir, lalu jalan rusak')).toEqual(['flood', 'road']);
    expect(tags('jembatan dan jalan rusak')).toEqual(['road']);
  });

  it('lets an exclusion hide the keywords and rule words inside it', () => {
    expect(tags('pungli di jembatan timbang')).toEqual([]);
    expect(tags('cari jalan keluar, ekonomi rusak')).toEqual([]);
  });

  it('lets a longer phrase of one tag hide a shorter one of another', () => {
    expect(createTagMatcher([{ tag: 'fire', phrases: ['sawit terbakar'] }, { tag: 'farm', phrases: ['sawit'] }]).match(tokensForMatch('lahan sawit terbakar'))).toEqual(['fire']);
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
    expect(matchTopics('TPS sampah penuh')).toEqual(['layanan_publik']);
    expect(matchTopics('Warga antre di TPS pagi ini')).toEqual(['pemilu']);
  });

  it('tags plain "jalan" only with a condition nearby, and road classes on their own', () => {
    expect(matchTopics('Jalan Gumawang–Belitang berlubang galo')).toEqual(['jalan_jembatan']);
    expect(matchTopics('jalan ke desa kami belum pernah diaspal')).toEqual(['jalan_jembatan']);
    expect(matchTopics('Jalan provinsi di Empat Lawang')).toEqual(['jalan_jembatan']);
    expect(matchTopics('Jalintim terendam setengah meter')).toEqual(['jalan_jembatan', 'banjir']);
    expect(matchTopics('Jamaah membludak sampai ke jalan')).toEqual([]);
    expect(matchTopics('pungli di jembatan timbang masih jalan terus')).toEqual(['korupsi']);
  });

  it('reads staples next to a price word as prices, and aid as welfare', () => {
    expect(matchTopics('harga bawang naik lagi')).toEqual(['harga_bbm']);
    expect(matchTopics('Harga daging sapi tembus 150 ribu')).toEqual(['harga_bbm']);
    expect(matchTopics('Bansos beras 10 kg dibagikan')).toEqual(['kemiskinan']);
    expect(matchTopics('Pemprov salurkan sembako untuk korban banjir')).toEqual(['banjir']);
  });

  it('does not call food, a landmark or a farmer\'s child tourism or farming by itself', () => {
    expect(matchTopics('sarapan pempek dulu')).toEqual([]);
    expect(matchTopics('Danau Ranau ramai pengunjung saat libur')).toEqual(['pariwisata']);
    expect(matchTopics('Beasiswa untuk anak petani')).toEqual(['pendidikan']);
    expect(matchTopics('Air PDAM keruh kayak air kopi')).toEqual(['layanan_publik']);
    expect(matchTopics('Kopi robusta Empat Lawang tembus pasar ekspor')).toEqual(['pertanian']);
    expect(matchTopics('Lahan sawit terbakar, api merembet ke kebun warga')).toEqual(['karhutla_asap']);
  });

  it('reads smoke with a complaint as haze', () => {
    expect(matchTopics('Asap lagi, pagi ini pekat nian, mato perih')).toEqual(['karhutla_asap']);
    expect(matchTopics('asap rokok di angkot')).toEqual([]);
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

  it('does not tag rivers, idioms, the Islamic organisation OKI or a bamboo as regions', () => {
    expect(matchRegions('Sungai Musi dan Sungai Ogan meluap')).toEqual([]);
    expect(matchRegions('sampai ke liang lahat')).toEqual([]);
    expect(matchRegions('Menlu hadiri KTT OKI di Jeddah')).toEqual([]);
    expect(matchRegions('Bupati OKI resmikan pasar')).toEqual(['ogan_komering_ilir']);
    expect(matchRegions('Pagar dari bambu betung')).toEqual([]);
    expect(matchRegions('Antrean solar di SPBU Betung')).toEqual(['banyuasin']);
  });

  it('knows Palembang streets, landmarks and kelurahan, and kecamatan elsewhere', () => {
    expect(matchRegions('Genangan di Simpang Polda')).toEqual(['kota_palembang']);
    expect(matchRegions('Penerbangan di SMB II ditunda')).toEqual(['kota_palembang']);
    expect(matchRegions('Kampung Kapitan di 7 Ulu')).toEqual(['kota_palembang']);
    expect(matchRegions('Kebun kopi di Semende')).toEqual(['muara_enim']);
    expect(matchRegions('Sengketa lahan di Lempuing')).toEqual(['ogan_komering_ilir']);
    expect(matchRegions('Bidan desa di Rambang Kapak Tengah')).toEqual(['kota_prabumulih']);
    expect(matchRegions('Pemkab OI salurkan bantuan')).toEqual(['ogan_ilir']);
    // Palembang speech makes an ambiguous Palembang place count, though it tags nothing itself.
    expect(matchRegions('Festival di BKB rame nian')).toEqual(['kota_palembang']);
    expect(matchRegions('Posyandu BKB untuk ibu balita')).toEqual([]);
    expect(matchRegions('rame nian')).toEqual([]);
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

describe('agencies (instansi)', () => {
  it('are entries of kind instansi beside the officials (pejabat)', () => {
    const kinds = Object.fromEntries(OFFICIALS.map((o) => [o.id, o.kind]));
    expect(kinds).toMatchObject({ herman_deru: 'pejabat', bpbd_sumsel: 'instansi', polda_sumsel: 'instansi', pdam_tirta_musi: 'instansi' });
    expect(officialLabel('bpbd_sumsel')).toBe('BPBD Sumsel');
  });

  it('finds agencies by abbreviation and full name with a provincial cue', () => {
    expect(matchOfficials('BPBD Sumsel kirim water bombing')).toEqual(['bpbd_sumsel']);
    expect(matchOfficials('Dinas Kesehatan Provinsi Sumatera Selatan imbau warga')).toEqual(['dinkes_sumsel']);
    expect(matchOfficials('Dinas Kesehatan (Dinkes) Sumsel')).toEqual(['dinkes_sumsel']);
    expect(matchOfficials('kata @humas_sumsel')).toEqual(['biro_humas_sumsel']);
    expect(matchOfficials('Pemprov Sumsel dan Pemkot Palembang teken MoU')).toEqual(['pemprov_sumsel', 'pemkot_palembang']);
    expect(matchOfficials('Air PDAM Tirta Musi mati lagi')).toEqual(['pdam_tirta_musi']);
    expect(matchOfficials('Samsat Palembang I buka layanan malam')).toEqual(['bapenda_sumsel']);
    expect(matchOfficials('Antre di BPJS Kesehatan')).toEqual(['bpjs_kesehatan']);
  });

  it('leaves a kabupaten/kota agency and a place named after one alone', () => {
    expect(matchOfficials('Dinkes Lahat catat 200 kasus DBD')).toEqual([]);
    expect(matchOfficials('Satpol PP Palembang tertibkan PKL')).toEqual([]);
    expect(matchOfficials('Genangan di Simpang Polda')).toEqual([]);
  });

  it('tags the official and the agency named in one title, officials first', () => {
    expect(matchOfficials('Kepala BPBD Sumsel M. Iqbal Alisyahbana tinjau banjir')).toEqual(['iqbal_alisyahbana', 'bpbd_sumsel']);
    expect(matchOfficials('Polda Sumsel dampingi Gubernur Sumsel')).toEqual(['herman_deru', 'polda_sumsel']);
  });
});
