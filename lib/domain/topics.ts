/**
 * Topic tags for Sumsel public issues (shared/domain.md B3), with Indonesian labels and keywords.
 * Keywords are whole words or phrases matched on token boundaries; a trailing `*` makes a prefix
 * stem ("kebakaran hutan*" also matches "kebakaran hutannya"). Keep stems long enough not to
 * swallow unrelated words.
 */
import { createPhraseMatcher, tokensForMatch, uniqueKeys, type PatternEntry } from './match';

export const TOPIC_IDS = [
  'karhutla_asap',
  'banjir',
  'jalan_jembatan',
  'angkutan_batubara',
  'lrt',
  'kesehatan',
  'stunting_gizi',
  'pendidikan',
  'harga_bbm',
  'korupsi',
  'pemilu',
  'layanan_publik',
  'pariwisata',
  'investasi_energi',
  'pertanian',
  'kemiskinan',
  'narkoba',
  'keamanan',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

export interface Topic {
  id: TopicId;
  label: string;
  keywords: readonly string[];
}

export const TOPICS: readonly Topic[] = [
  {
    id: 'karhutla_asap',
    label: 'Karhutla & kabut asap',
    keywords: [
      'karhutla', 'kebakaran hutan*', 'kebakaran lahan*', 'lahan terbakar', 'hutan terbakar', 'gambut', 'titik api',
      'hotspot', 'kabut asap', 'asap tebal', 'ispu', 'ispa', 'water bombing', 'bom air', 'siaga darurat asap',
      'darurat asap', 'pembakaran lahan',
    ],
  },
  {
    id: 'banjir',
    label: 'Banjir & genangan',
    keywords: [
      'banjir', 'kebanjiran*', 'genangan', 'tergenang', 'drainase', 'kolam retensi', 'sungai musi meluap',
      'air meluap', 'banjir rob', 'rob', 'luapan sungai',
    ],
  },
  {
    id: 'jalan_jembatan',
    label: 'Jalan, jembatan & kemacetan',
    keywords: [
      'jalan rusak', 'jalan berlubang', 'jalan hancur', 'jalan ambles', 'jalan amblas', 'jalan longsor', 'perbaikan jalan',
      'jembatan', 'jembatan ambruk', 'jembatan ampera', 'jalan tol', 'tol palindra', 'tol kapal betung', 'tol kayuagung',
      'macet', 'kemacetan', 'flyover', 'fly over', 'lubang jalan', 'aspal',
    ],
  },
  {
    id: 'angkutan_batubara',
    label: 'Angkutan batu bara',
    keywords: [
      'batu bara', 'batubara', 'truk batu bara', 'truk batubara', 'angkutan batu bara', 'angkutan batubara',
      'jalan khusus', 'jalan hauling', 'hauling', 'larangan jalan umum', 'debu batu bara', 'debu batubara',
    ],
  },
  {
    id: 'lrt',
    label: 'LRT Sumsel',
    keywords: ['lrt', 'lrt sumsel', 'lrt palembang', 'light rail transit', 'stasiun lrt', 'djka', 'kereta ringan'],
  },
  {
    id: 'kesehatan',
    label: 'Kesehatan',
    keywords: [
      'bpjs', 'bpjs kesehatan', 'jkn', 'kis', 'rsud', 'rumah sakit', 'puskesmas', 'dbd', 'demam berdarah', 'ispa',
      'obat', 'dokter', 'pasien', 'layanan kesehatan', 'dinkes', 'dinas kesehatan', 'vaksin*', 'imunisasi',
    ],
  },
  {
    id: 'stunting_gizi',
    label: 'Stunting & gizi',
    keywords: [
      'stunting', 'gizi buruk', 'kurang gizi', 'gizi', 'posyandu', 'mbg', 'makan bergizi gratis', 'makan siang gratis',
      'keracunan mbg', 'sppg',
    ],
  },
  {
    id: 'pendidikan',
    label: 'Pendidikan',
    keywords: [
      'ppdb', 'spmb', 'zonasi', 'sekolah gratis', 'sekolah', 'guru honorer', 'guru', 'pppk', 'beasiswa', 'siswa',
      'murid', 'dinas pendidikan', 'disdik', 'kampus', 'mahasiswa', 'unsri',
    ],
  },
  {
    id: 'harga_bbm',
    label: 'Harga pangan & BBM',
    keywords: [
      'sembako', 'harga beras', 'harga cabai', 'harga cabe', 'minyak goreng', 'migor', 'lpg 3 kg', 'gas melon', 'lpg',
      'elpiji', 'bbm', 'solar langka', 'solar', 'pertalite', 'antre spbu', 'antri spbu', 'antrean spbu', 'spbu',
      'inflasi', 'tpid', 'pasar murah', 'harga naik', 'kenaikan harga',
    ],
  },
  {
    id: 'korupsi',
    label: 'Korupsi & hukum',
    keywords: [
      'korupsi', 'koruptor', 'tipikor', 'tersangka korupsi', 'tersangka', 'kejati', 'kejati sumsel', 'kejari', 'kpk',
      'pungli', 'pungutan liar', 'suap', 'gratifikasi', 'pasar cinde', 'bphtb', 'mark up', 'penyelewengan',
    ],
  },
  {
    id: 'pemilu',
    label: 'Pemilu & pilkada',
    keywords: [
      'pilkada', 'pemilu', 'pilgub', 'pilwako', 'pilbup', 'kpu', 'bawaslu', 'psu', 'pemungutan suara ulang',
      'politik uang', 'serangan fajar', 'netralitas asn', 'tps', 'paslon', 'kampanye',
    ],
  },
  {
    id: 'layanan_publik',
    label: 'Layanan publik',
    keywords: [
      'pelayanan', 'pelayanan publik', 'layanan publik', 'dukcapil', 'ktp', 'e ktp', 'kartu keluarga', 'akta kelahiran',
      'samsat', 'pajak kendaraan', 'pdam', 'tirta musi', 'air pdam', 'pln', 'listrik padam', 'mati lampu',
      'pemadaman listrik', 'sampah', 'tps liar', 'no viral no justice', 'perizinan', 'lapor sp4n', 'lapor go id',
    ],
  },
  {
    id: 'pariwisata',
    label: 'Pariwisata & budaya',
    keywords: [
      'wisata', 'pariwisata', 'wisatawan', 'objek wisata', 'destinasi', 'pulau kemaro', 'bkb', 'benteng kuto besak',
      'danau ranau', 'gunung dempo', 'pempek', 'festival', 'kuliner', 'songket',
    ],
  },
  {
    id: 'investasi_energi',
    label: 'Investasi & energi',
    keywords: [
      'investasi', 'investor', 'kek tanjung api api', 'tanjung api api', 'ptba', 'bukit asam', 'migas', 'pertamina',
      'pertamina plaju', 'kilang', 'pltu', 'pembangkit listrik', 'hilirisasi', 'illegal drilling', 'sumur minyak ilegal',
      'sumur ilegal', 'minyak ilegal',
    ],
  },
  {
    id: 'pertanian',
    label: 'Pertanian & perkebunan',
    keywords: [
      'karet', 'harga karet', 'sawit', 'kelapa sawit', 'tbs', 'kopi', 'kopi semendo', 'padi', 'petani', 'beras',
      'lumbung pangan', 'jagung', 'pupuk', 'pupuk subsidi', 'panen', 'gagal panen', 'sawah', 'perkebunan',
    ],
  },
  {
    id: 'kemiskinan',
    label: 'Kemiskinan & bansos',
    keywords: [
      'kemiskinan', 'warga miskin', 'masyarakat miskin', 'bansos', 'bantuan sosial', 'pkh', 'blt', 'pengangguran',
      'phk', 'rumah tidak layak huni', 'rtlh',
    ],
  },
  {
    id: 'narkoba',
    label: 'Narkoba',
    keywords: ['narkoba', 'narkotika', 'sabu', 'sabu sabu', 'ganja', 'ekstasi', 'bnn', 'bnnp', 'bnnk', 'kampung narkoba', 'pengedar'],
  },
  {
    id: 'keamanan',
    label: 'Keamanan & kriminalitas',
    keywords: [
      'begal', 'pembegalan', 'curas', 'curat', 'curanmor', 'pencurian', 'perampokan', 'tawuran', 'pembunuhan',
      'dibunuh', 'otk', 'orang tak dikenal', 'konflik lahan', 'sengketa lahan', 'penjambretan', 'jambret',
    ],
  },
];

const BY_ID = new Map<string, Topic>(TOPICS.map((t) => [t.id, t]));

export function isTopicId(id: string): id is TopicId {
  return BY_ID.has(id);
}

/** Indonesian label for an id; the id itself when unknown. */
export function topicLabel(id: string): string {
  return BY_ID.get(id)?.label ?? id;
}

const matcher = createPhraseMatcher<TopicId>(
  TOPICS.flatMap((t) => t.keywords.map((pattern): PatternEntry<TopicId> => ({ key: t.id, pattern }))),
);

/** Topic ids whose keywords occur in a text, in order of first mention. Accepts raw text or tokens. */
export function matchTopics(text: string | readonly string[]): TopicId[] {
  const tokens = typeof text === 'string' ? tokensForMatch(text) : text;
  return uniqueKeys(matcher.match(tokens));
}
