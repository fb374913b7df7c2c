/**
 * Seeded synthetic corpus of South Sumatra social-listening posts, for benches, demos and tests.
 *
 * Every text is assembled here from templates and a small vocabulary written for Dengar (nothing
 * copied from real posts or articles). The same `{ seed, start, days }` always yields the same
 * sequence, and post `i` does not depend on `count`, so a 2,000-post sample is the prefix of the
 * 1M-post bench corpus. The generator is a plain loop over one PRNG stream with one regex pass
 * per text: cheap enough (well over 200k posts/s) to stream a million posts into a bench.
 *
 * NOTE: every account name, handle, channel, page and id below is a placeholder invented for the
 * corpus — including the office mentions (@diskominfo_sumsel, @humas_sumsel). Real handles must
 * come from the office (see domain.md B2).
 */
import { z } from 'zod';
import type { SentimentLabel, SourceKind } from '../schemas/common';
import type { RawPostInput } from '../schemas/raw-post';

// ─── PRNG ────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: tiny, fast, good enough for synthetic data; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Rng {
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [lo, hi] inclusive. */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    // TRICKY: callers never pass empty lists (all vocab is static), so the cast is safe.
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
  };
}

/** Cumulative weights for O(n) weighted picks over short lists. */
function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

function pickIndex(r: Rng, cdf: readonly number[]): number {
  const x = r.next() * (cdf[cdf.length - 1] ?? 0);
  let i = 0;
  while (i < cdf.length - 1 && (cdf[i] ?? 0) <= x) i++;
  return i;
}

// ─── Options and output ──────────────────────────────────────────────────────────────────────

export const CorpusOptions = z.object({
  seed: z.number().int(),
  count: z.number().int().nonnegative(),
  /** First instant of the window; posts fall in [start, start + days). */
  start: z.date(),
  days: z.number().int().positive().max(3660),
});
export type CorpusOptions = z.infer<typeof CorpusOptions>;

export type Register = 'formal' | 'standard' | 'slang' | 'dialect' | 'english';
export type PostKind = 'organic' | 'burst' | 'buzzer' | 'reply';

/** A post plus what the generator meant by it: ground truth for eval benches and sample stats. */
export interface CorpusItem {
  post: RawPostInput;
  topic: TopicKey;
  /** The region the text names (a place cue, the regency or its government), or null if it names none. */
  region: RegionKey | null;
  sentiment: SentimentLabel;
  register: Register;
  kind: PostKind;
}

// ─── Regions (domain.md B1) ──────────────────────────────────────────────────────────────────

export interface RegionSpec {
  key: string;
  name: string;
  short: string;
  capital: string;
  gov: string;
  head: string;
  headSlang: string;
  /** Place cues as they appear in text; ambiguous names (Martapura, Tebing Tinggi, Pendopo) carry their regency. */
  cues: readonly string[];
  spots: readonly string[];
  weight: number;
}

const region = (
  key: string,
  name: string,
  short: string,
  capital: string,
  cues: readonly string[],
  weight: number,
  spots: readonly string[] = [],
): RegionSpec => {
  const city = name.startsWith('Kota');
  return {
    key,
    name,
    short,
    capital,
    gov: `${city ? 'Pemkot' : 'Pemkab'} ${short}`,
    head: `${city ? 'Wali Kota' : 'Bupati'} ${short}`,
    headSlang: city ? 'pak wako' : 'pak bupati',
    cues,
    spots,
    weight,
  };
};

export const REGIONS = [
  {
    ...region('palembang', 'Kota Palembang', 'Palembang', 'Palembang',
      ['Palembang', 'Jakabaring', 'Plaju', 'Kertapati', 'Sako', 'Sukarami', 'Kalidoni', 'Gandus', 'Seberang Ulu', 'Ilir Barat', 'Ilir Timur', 'Pasar 16 Ilir', 'Cinde', 'Alang-Alang Lebar', 'Kemuning', 'Bukit Kecil'],
      30, ['Pulau Kemaro', 'BKB', 'Jembatan Ampera', 'Jakabaring Sport City', 'Kampung Kapitan']),
    head: 'Wali Kota Palembang Ratu Dewa',
    headSlang: 'pak wako Ratu Dewa',
  },
  region('banyuasin', 'Kabupaten Banyuasin', 'Banyuasin', 'Pangkalan Balai', ['Pangkalan Balai', 'Betung', 'Talang Kelapa', 'Sungsang', 'Tanjung Api-Api'], 6),
  region('oki', 'Kabupaten Ogan Komering Ilir', 'OKI', 'Kayuagung', ['Kayuagung', 'Pedamaran', 'Tulung Selapan', 'Air Sugihan', 'Pangkalan Lampam', 'Mesuji'], 6),
  region('ogan_ilir', 'Kabupaten Ogan Ilir', 'Ogan Ilir', 'Indralaya', ['Indralaya', 'Tanjung Raja', 'Pemulutan', 'Unsri Indralaya'], 5),
  region('oku', 'Kabupaten Ogan Komering Ulu', 'OKU', 'Baturaja', ['Baturaja', 'Semen Baturaja'], 4, ['Goa Putri']),
  region('oku_timur', 'Kabupaten OKU Timur', 'OKU Timur', 'Martapura', ['Martapura OKU Timur', 'Belitang', 'Gumawang'], 4),
  region('oku_selatan', 'Kabupaten OKU Selatan', 'OKU Selatan', 'Muaradua', ['Muaradua', 'Danau Ranau'], 3, ['Danau Ranau']),
  region('muara_enim', 'Kabupaten Muara Enim', 'Muara Enim', 'Muara Enim', ['Muara Enim', 'Tanjung Enim', 'Gelumbang', 'Semendo'], 5),
  region('lahat', 'Kabupaten Lahat', 'Lahat', 'Lahat', ['Lahat', 'Merapi Lahat', 'Muara Lawai', 'Kikim', 'Tanjung Jambu', 'Bukit Serelo'], 5, ['Bukit Serelo']),
  region('muba', 'Kabupaten Musi Banyuasin', 'Muba', 'Sekayu', ['Sekayu', 'Bayung Lencir', 'Sungai Lilin', 'Babat Toman'], 5),
  region('mura', 'Kabupaten Musi Rawas', 'Musi Rawas', 'Muara Beliti', ['Muara Beliti', 'Tugumulyo', 'Terawas'], 3),
  region('muratara', 'Kabupaten Musi Rawas Utara', 'Muratara', 'Rupit', ['Rupit', 'Karang Jaya'], 3),
  region('pali', 'Kabupaten PALI', 'PALI', 'Talang Ubi', ['Talang Ubi', 'Pendopo PALI', 'Tanah Abang PALI'], 3),
  region('empat_lawang', 'Kabupaten Empat Lawang', 'Empat Lawang', 'Tebing Tinggi', ['Tebing Tinggi Empat Lawang', 'Empat Lawang'], 3),
  region('prabumulih', 'Kota Prabumulih', 'Prabumulih', 'Prabumulih', ['Prabumulih', 'Cambai', 'Gunung Kemala'], 4),
  region('pagar_alam', 'Kota Pagar Alam', 'Pagar Alam', 'Pagar Alam', ['Pagar Alam', 'Gunung Dempo', 'Besemah'], 4, ['Gunung Dempo', 'kebun teh Pagar Alam']),
  region('lubuklinggau', 'Kota Lubuklinggau', 'Lubuklinggau', 'Lubuklinggau', ['Lubuklinggau', 'Bukit Sulap', 'Silampari'], 5, ['Bukit Sulap']),
] as const satisfies readonly RegionSpec[];
export type RegionKey = (typeof REGIONS)[number]['key'];

// ─── Topics (domain.md B3) ───────────────────────────────────────────────────────────────────

/** Social clauses use slots ({place}, {NEG}, …) that each register fills its own way. */
interface Bank {
  negative: readonly string[];
  neutral: readonly string[];
  positive: readonly string[];
}
/** News items are [headline, lead] pairs written in formal register. */
type NewsPair = readonly [string, string];
interface NewsBank {
  negative: readonly NewsPair[];
  neutral: readonly NewsPair[];
  positive: readonly NewsPair[];
}
interface TopicSpec {
  key: string;
  weight: number;
  /** Regions this topic lives in, and how often (0..1) to stay inside them. */
  regions?: readonly RegionKey[];
  regionBias?: number;
  social: Bank;
  news: NewsBank;
}

export const TOPICS = [
  {
    key: 'karhutla_asap',
    weight: 7,
    regions: ['oki', 'ogan_ilir', 'banyuasin', 'muba', 'pali', 'palembang'],
    regionBias: 0.75,
    social: {
      negative: [
        'kabut asap di {place} makin tebal{INT}, mata perih napas sesak',
        'asap lagi asap lagi, anak-anak di {place} batuk {ALL}',
        'titik api di {place} {NEG} padam-padam, {WHY} lambat{INT} penanganannya',
        'ISPU {area} {ALREADY} {NEG} sehat, {PLS} sekolah diliburkan {JUST}',
        'lahan gambut di {place} terbakar lagi, {PEOPLE} {ALREADY} capek hirup asap tiap tahun',
      ],
      neutral: [
        'info titik api hari ini: {n} hotspot terpantau di sekitar {place}',
        'status siaga darurat asap diperpanjang, {PEOPLE} diminta pakai masker kalau keluar rumah',
        'ada {YG} tau ISPU {area} pagi ini berapa?',
      ],
      positive: [
        '{THANKS} tim water bombing, langit {place} {ALREADY} mulai cerah',
        'satgas karhutla gercep padamkan api di {place}, salut',
        'udara {area} pagi ini {GOOD}{INT}, asap {ALREADY} berkurang',
      ],
    },
    news: {
      negative: [
        ['Kabut Asap Kembali Selimuti {area}, Kualitas Udara Tidak Sehat', 'Kabut asap pekat akibat kebakaran lahan gambut kembali menyelimuti {place} dan sekitarnya sejak pagi. Sejumlah warga mengeluhkan sesak napas dan mata perih.'],
        ['Kebakaran Lahan Gambut di {place} Meluas hingga {ha} Hektare', 'Kebakaran lahan gambut di {place}, {regionFull}, terus meluas. Tim gabungan kesulitan memadamkan api karena sumber air jauh dari lokasi.'],
        ['Kasus ISPA di {area} Naik Selama Musim Kabut Asap', 'Dinas Kesehatan mencatat kenaikan kasus infeksi saluran pernapasan akut di {regionFull} seiring memburuknya kualitas udara akibat karhutla.'],
      ],
      neutral: [
        ['Pemprov Sumsel Perpanjang Status Siaga Darurat Karhutla', 'Pemerintah Provinsi Sumatera Selatan memperpanjang status siaga darurat bencana kebakaran hutan dan lahan. {official} meminta kabupaten/kota meningkatkan patroli di lahan gambut, termasuk di {place}.'],
        ['BMKG Pantau {n} Titik Panas di Wilayah {area}', 'BMKG memantau {n} titik panas di wilayah {regionFull} berdasarkan citra satelit hari ini, sebagian besar di sekitar {place}.'],
      ],
      positive: [
        ['Water Bombing Berhasil Padamkan Titik Api di {place}', 'Satgas Karhutla Sumsel bersama BPBD berhasil memadamkan api di lahan gambut {place} setelah operasi water bombing selama dua hari.'],
        ['Titik Api di Sumsel Turun, {official} Apresiasi Satgas Karhutla', '{official} mengapresiasi kerja satgas gabungan setelah jumlah titik panas di Sumatera Selatan, termasuk di {place}, turun dalam sepekan terakhir.'],
      ],
    },
  },
  {
    key: 'banjir',
    weight: 7,
    regions: ['palembang', 'muba', 'oki', 'banyuasin', 'mura'],
    regionBias: 0.6,
    social: {
      negative: [
        'hujan sejam {JUST} {place} {ALREADY} banjir lagi, drainase {NEG} berfungsi',
        'rumah kami di {place} kebanjiran lagi, air masuk sampai lutut',
        'jalan di {place} jadi kolam tiap hujan, {WHY} {NONE} solusi',
        'kolam retensi {NONE} gunanya, {place} tetap tenggelam',
      ],
      neutral: [
        'info banjir: genangan di {place} setinggi {n} cm, hati-hati lewat sana',
        'Sungai Musi lagi pasang, {PEOPLE} {place} diminta waspada',
        'ada {YG} tau jalan ke {place} masih banjir {NEG}?',
      ],
      positive: [
        '{THANKS} petugas {YG} sigap sedot genangan di {place}',
        'drainase baru di {place} {GOOD}, hujan deras {NEG} banjir lagi',
      ],
    },
    news: {
      negative: [
        ['Banjir Rendam Ratusan Rumah di {place}', 'Hujan deras sejak dini hari membuat ratusan rumah warga di {place}, {regionFull}, terendam banjir setinggi {n} hingga 80 sentimeter.'],
        ['Warga {place} Keluhkan Drainase Buruk, Genangan Tak Kunjung Surut', 'Warga {place} mengeluhkan genangan air yang tak kunjung surut setiap kali hujan turun. Mereka menilai saluran drainase tidak terawat.'],
      ],
      neutral: [
        ['BPBD Sumsel Siagakan Personel Hadapi Puncak Musim Hujan', 'BPBD Sumatera Selatan menyiagakan personel dan perahu karet di sejumlah titik rawan banjir, termasuk {place}.'],
        ['Sungai Musi Pasang, Warga Bantaran Diminta Waspada', 'Permukaan Sungai Musi naik akibat pasang dan curah hujan tinggi. Warga bantaran sungai di {place} diminta waspada.'],
      ],
      positive: [
        ['{gov} Tambah Kolam Retensi untuk Atasi Banjir', '{gov} membangun kolam retensi baru di {place} untuk mengurangi genangan saat musim hujan.'],
      ],
    },
  },
  {
    key: 'jalan_jembatan',
    weight: 10,
    social: {
      negative: [
        'jalan di {place} rusak parah{INT}, {NONE} perbaikan sampai sekarang',
        'lubang di jalan {place} makin besar, {ALREADY} banyak {YG} jatuh dari motor',
        'macet{INT} di {place}, {NONE} petugas sama sekali',
        'jalan provinsi ke {place} kayak kubangan kerbau, {PLS} {ADDR} dicek',
        'tiap tahun diaspal, tiap tahun rusak lagi jalan {place} ini',
      ],
      neutral: [
        'ada perbaikan jalan di {place}, siap-siap macet ya {PEOPLE}',
        'jalan {place} ditutup sementara buat pengecoran',
        'lewat tol Kapal Betung ke {place} sekarang tarifnya berapa?',
      ],
      positive: [
        'jalan ke {place} {ALREADY} mulus, {THANKS} {official}',
        'akhirnya jalan {place} diperbaiki juga, {GOOD}{INT} lewatnya sekarang',
        'flyover baru bikin macet di {place} berkurang, mantap',
      ],
    },
    news: {
      negative: [
        ['Jalan Rusak di {place} Dikeluhkan Warga, Perbaikan Tak Kunjung Datang', 'Warga {place}, {regionFull}, mengeluhkan kondisi jalan yang rusak dan berlubang. Mereka mengaku sudah berkali-kali melapor tetapi belum ada perbaikan.'],
        ['Kemacetan Parah di {place} Akibat Jalan Berlubang', 'Antrean kendaraan mengular hingga beberapa kilometer di {place} karena kendaraan harus bergantian melewati ruas jalan yang berlubang.'],
      ],
      neutral: [
        ['{official} Tinjau Ruas Jalan Rusak di {area}', '{official} meninjau sejumlah ruas jalan rusak di {place}, {regionFull}, dan meminta dinas terkait menyusun prioritas perbaikan tahun depan.'],
        ['Jalan di {place} Ditutup Sementara untuk Pengecoran', 'Pengguna jalan diminta mencari jalur alternatif karena ruas jalan di {place} ditutup sementara selama pengecoran berlangsung.'],
      ],
      positive: [
        ['Perbaikan Jalan Provinsi di {area} Rampung Lebih Cepat', 'Dinas PU Bina Marga Sumsel menyelesaikan perbaikan ruas jalan provinsi di {place} lebih cepat dari jadwal. {official} meminta kontraktor menjaga kualitas.'],
      ],
    },
  },
  {
    key: 'angkutan_batubara',
    weight: 5,
    regions: ['lahat', 'muara_enim', 'pali', 'muba'],
    regionBias: 0.85,
    social: {
      negative: [
        'truk batu bara masih lewat jalan umum di {place}, katanya {ALREADY} dilarang?',
        'debu batu bara di {place} bikin sesak, jalan rusak {ALL}',
        'antre di belakang truk batu bara {few} jam di {place}, capek{INT}',
        'larangan angkutan batu bara cuma omdo, di {place} truk masih seliweran',
      ],
      neutral: [
        'mulai 1 Januari truk batu bara wajib lewat jalan khusus, {PEOPLE} {place} {ALREADY} tau?',
        'ada razia angkutan batu bara di {place} pagi ini',
      ],
      positive: [
        'sejak truk batu bara pindah ke jalan khusus, jalan {place} {GOOD}{INT}',
        '{THANKS} {official}, larangan truk batu bara di jalan umum beneran ditegakkan',
      ],
    },
    news: {
      negative: [
        ['Truk Batu Bara Masih Melintas di Jalan Umum {place}', 'Meski sudah ada larangan, truk angkutan batu bara masih terlihat melintas di jalan umum {place}, {regionFull}, pada malam hari.'],
        ['Warga {place} Protes Debu Angkutan Batu Bara', 'Puluhan warga {place} memprotes debu dan kerusakan jalan akibat angkutan batu bara yang melintas setiap hari.'],
      ],
      neutral: [
        ['Dishub Sumsel Sosialisasikan Larangan Angkutan Batu Bara di Jalan Umum', 'Dinas Perhubungan Sumatera Selatan menyosialisasikan larangan angkutan batu bara melintas di jalan umum kepada perusahaan tambang di {place}, {regionFull}.'],
      ],
      positive: [
        ['Jalan Khusus Batu Bara Beroperasi, Jalan Umum di {area} Lebih Lengang', 'Sejak angkutan batu bara dialihkan ke jalan khusus hauling, arus lalu lintas di {place} lebih lancar dan kecelakaan menurun.'],
      ],
    },
  },
  {
    key: 'lrt',
    weight: 4,
    regions: ['palembang'],
    regionBias: 1,
    social: {
      negative: [
        'LRT telat lagi, nunggu di stasiun {station} {n} menit {NONE} info',
        'ke stasiun LRT {station} {NONE} angkot pengumpan, susah{INT}',
        'AC di LRT mati, panas{INT} {PLS} {ADDR} diperbaiki',
      ],
      neutral: [
        'jadwal LRT hari Minggu sampai jam berapa ya?',
        'dari stasiun LRT {station} ke {spot} naik apa ya enaknya?',
      ],
      positive: [
        'mantap {ADDR}, LRT makin rame, ke Jakabaring cuma {n} menit',
        'naik LRT dari stasiun {station} nyaman{INT}, bersih dan tepat waktu',
        'akhirnya LRT mau diperpanjang sampai Alang-Alang Lebar, {GOOD}',
      ],
    },
    news: {
      negative: [
        ['LRT Sumsel Alami Gangguan, Penumpang Tertahan di Stasiun {station}', 'Perjalanan LRT Sumsel sempat terhenti beberapa menit akibat gangguan teknis. Penumpang di Stasiun {station} mengeluhkan minimnya informasi.'],
      ],
      neutral: [
        ['DJKA Kaji Perpanjangan Jalur LRT ke Alang-Alang Lebar', 'Direktorat Jenderal Perkeretaapian mengkaji rencana perpanjangan jalur LRT Sumsel hingga kawasan Alang-Alang Lebar untuk menjangkau lebih banyak warga Palembang.'],
      ],
      positive: [
        ['Penumpang LRT Sumsel Naik Signifikan Tahun Ini', 'Jumlah penumpang LRT Sumsel terus meningkat, terutama pada akhir pekan ketika warga berwisata ke {spot}.'],
      ],
    },
  },
  {
    key: 'kesehatan',
    weight: 6,
    social: {
      negative: [
        'antre BPJS di RSUD {area} dari subuh, {NEG} dilayani-layani',
        'puskesmas di {place} {NONE} dokter pas malam, {HOW} ini',
        'kartu BPJS ibu saya dinonaktifkan tanpa pemberitahuan, {PLS} {ADDR}',
        'kasus DBD di {place} naik, fogging {NEG} pernah datang',
        'obat di RSUD {area} kosong, disuruh beli sendiri di apotek',
      ],
      neutral: [
        'puskesmas {place} buka layanan vaksin gratis minggu ini',
        'syarat daftar BPJS mandiri apa {JUST} ya {ADDR}?',
      ],
      positive: [
        'pelayanan RSUD {area} sekarang cepat{INT}, perawatnya ramah',
        '{THANKS} puskesmas {place}, anak saya ditangani dengan baik',
        'berobat pakai BPJS di {area} lancar, {NEG} dipungut biaya apa-apa',
      ],
    },
    news: {
      negative: [
        ['Pasien BPJS di RSUD {area} Keluhkan Antrean Panjang', 'Sejumlah pasien peserta BPJS Kesehatan di RSUD {area} mengeluhkan antrean pendaftaran yang mengular sejak pagi.'],
        ['Kasus DBD di {area} Meningkat, Warga Minta Fogging', 'Dinas Kesehatan {regionFull} mencatat peningkatan kasus demam berdarah dengue. Warga {place} meminta pengasapan segera dilakukan.'],
      ],
      neutral: [
        ['Dinkes Sumsel Gelar Vaksinasi Gratis di {place}', 'Dinas Kesehatan Provinsi Sumatera Selatan menggelar vaksinasi gratis bagi anak dan lansia di {place} pekan ini.'],
      ],
      positive: [
        ['RSUD {area} Raih Akreditasi Paripurna', 'RSUD {area} meraih akreditasi paripurna. {official} berharap capaian ini diikuti peningkatan layanan bagi pasien JKN.'],
      ],
    },
  },
  {
    key: 'stunting_gizi',
    weight: 5,
    social: {
      negative: [
        'menu MBG di sekolah anak saya di {place} basi, {PLS} diawasi',
        'katanya ada keracunan MBG lagi di {place}, {HOW} ini pengawasannya',
        'posyandu di {place} {ALREADY} lama {NEG} aktif, timbangan {JUST} {NONE}',
      ],
      neutral: [
        'SPPG baru di {place} mulai beroperasi minggu depan',
        'jadwal posyandu {place} bulan ini tanggal berapa ya?',
      ],
      positive: [
        'anak-anak di {place} senang{INT} dapat makan bergizi gratis',
        'angka stunting {area} turun, {THANKS} kader posyandu',
      ],
    },
    news: {
      negative: [
        ['Puluhan Siswa di {place} Diduga Keracunan Menu MBG', 'Puluhan siswa sekolah dasar di {place}, {regionFull}, mengalami mual dan pusing setelah menyantap menu makan bergizi gratis. Dinas Kesehatan mengambil sampel makanan.'],
      ],
      neutral: [
        ['{n} SPPG Baru Beroperasi di {area}', 'Sebanyak {n} Satuan Pelayanan Pemenuhan Gizi mulai beroperasi di {regionFull}, antara lain di {place}, untuk mendukung program makan bergizi gratis.'],
      ],
      positive: [
        ['Prevalensi Stunting di {area} Turun', '{gov} mencatat prevalensi stunting turun berkat pendampingan keluarga berisiko dan pemberian makanan tambahan di posyandu {place}.'],
      ],
    },
  },
  {
    key: 'pendidikan',
    weight: 6,
    social: {
      negative: [
        'PPDB zonasi kacau, anak saya di {place} {NEG} dapat sekolah negeri',
        'katanya sekolah gratis, tapi di {place} masih ada pungutan',
        'gaji guru honorer di {area} telat {few} bulan, kasihan{INT}',
        'atap sekolah di {place} bocor, murid belajar sambil kehujanan',
      ],
      neutral: [
        'pendaftaran beasiswa Pemprov Sumsel dibuka sampai akhir bulan',
        'jadwal SPMB SMA di {area} kapan dibuka ya {ADDR}?',
      ],
      positive: [
        'program sekolah gratis Pemprov Sumsel {GOOD}{INT}, orang tua di {place} terbantu',
        'selamat untuk guru honorer {area} yang lulus PPPK, {THANKS} {official}',
      ],
    },
    news: {
      negative: [
        ['Orang Tua di {place} Keluhkan Pungutan di Sekolah Negeri', 'Sejumlah orang tua murid di {place} mengeluhkan adanya pungutan meski pemerintah telah menggratiskan biaya sekolah.'],
      ],
      neutral: [
        ['Disdik Sumsel Umumkan Jadwal SPMB Jenjang SMA', 'Dinas Pendidikan Sumatera Selatan mengumumkan jadwal Sistem Penerimaan Murid Baru jenjang SMA dan SMK, termasuk untuk sekolah di {regionFull}.'],
      ],
      positive: [
        ['{n} Ribu Siswa di Sumsel Terima Beasiswa Pemprov', 'Pemerintah Provinsi Sumatera Selatan menyalurkan beasiswa kepada {n} ribu siswa dari keluarga kurang mampu, termasuk di {place}, {regionFull}.'],
      ],
    },
  },
  {
    key: 'harga_bbm',
    weight: 8,
    social: {
      negative: [
        'harga cabai di pasar {place} tembus Rp{cabai}.000 sekilo, mahal{INT}',
        'LPG 3 kg langka di {place}, {ALREADY} keliling {few} pangkalan {NEG} dapat',
        'antre solar di SPBU {place} sampai {few} jam, sopir {ALL} mengeluh',
        'harga beras naik terus, {PEOPLE} kecil di {place} makin susah',
      ],
      neutral: [
        'harga beras medium di {place} hari ini sekitar Rp{beras}.000 per kilo',
        'Pemprov Sumsel gelar pasar murah di {place} besok, bawa KTP',
      ],
      positive: [
        'pasar murah di {place} {GOOD}{INT}, beras sama minyak goreng murah',
        '{THANKS} Pemprov, harga cabai di {place} mulai turun',
      ],
    },
    news: {
      negative: [
        ['Harga Cabai di {area} Melonjak, Pedagang Keluhkan Sepi Pembeli', 'Harga cabai merah di pasar tradisional {place} melonjak hingga Rp{cabai}.000 per kilogram. Pedagang mengeluhkan pembeli yang berkurang.'],
        ['Elpiji 3 Kg Langka di {place}, Warga Antre Berjam-jam', 'Warga {place} harus antre berjam-jam untuk mendapatkan elpiji 3 kilogram di pangkalan resmi. Stok disebut habis dalam hitungan menit.'],
      ],
      neutral: [
        ['TPID Sumsel Pantau Harga Bahan Pokok Jelang Akhir Tahun', 'Tim Pengendali Inflasi Daerah Sumatera Selatan memantau harga bahan pokok di sejumlah pasar, termasuk di {place}, menjelang akhir tahun.'],
      ],
      positive: [
        ['Pemprov Sumsel Gelar Pasar Murah di {place}', 'Pemerintah Provinsi Sumatera Selatan menggelar pasar murah di {place} untuk menekan inflasi. Warga antusias membeli beras dan minyak goreng di bawah harga pasar.'],
      ],
    },
  },
  {
    key: 'korupsi',
    weight: 5,
    social: {
      negative: [
        'dana desa di {place} diduga dikorupsi, {PEOPLE} minta usut tuntas',
        'proyek jalan {place} baru setahun {ALREADY} rusak, pasti ada {YG} main',
        'ngurus izin di {area} masih ada pungli, {NEG} berubah dari dulu',
        'kasus Pasar Cinde {HOW} kelanjutannya, jangan sampai mangkrak',
      ],
      neutral: [
        'sidang kasus korupsi proyek di {area} digelar hari ini di Pengadilan Tipikor Palembang',
        'ada {YG} tau perkembangan kasus BPHTB?',
      ],
      positive: [
        'salut sama Kejati Sumsel, berani tetapkan tersangka korupsi proyek {area}',
        'mantap, pungli di {place} akhirnya ditindak',
      ],
    },
    news: {
      negative: [
        ['Kejati Sumsel Tetapkan {few} Tersangka Korupsi Proyek di {area}', 'Kejaksaan Tinggi Sumatera Selatan menetapkan {few} tersangka dalam kasus dugaan korupsi proyek infrastruktur di {place}, {regionFull}.'],
        ['Warga {place} Laporkan Dugaan Pungli Pengurusan Dokumen', 'Sejumlah warga {place} melaporkan dugaan pungutan liar dalam pengurusan dokumen kependudukan ke Ombudsman.'],
      ],
      neutral: [
        ['Sidang Dugaan Korupsi Proyek di {area} Berlanjut', 'Pengadilan Tipikor Palembang kembali menggelar sidang perkara dugaan korupsi proyek di {regionFull} dengan agenda pemeriksaan saksi.'],
      ],
      positive: [
        ['Kejati Sumsel Selamatkan Uang Negara Miliaran Rupiah', 'Kejaksaan Tinggi Sumatera Selatan mengembalikan kerugian negara dari sejumlah perkara korupsi, termasuk di {regionFull}. {official} mendukung penegakan hukum tanpa pandang bulu.'],
      ],
    },
  },
  {
    key: 'pemilu',
    weight: 3,
    social: {
      negative: [
        'politik uang di {place} masih terang-terangan, Bawaslu ke mana',
        'ASN di {area} {NEG} netral, ikut kampanye terang-terangan',
        'PSU lagi di {area}? buang-buang anggaran{INT}',
      ],
      neutral: [
        'KPU {area} mulai pemutakhiran data pemilih',
        'rekapitulasi suara di {area} dijadwalkan pekan depan',
      ],
      positive: [
        'pilkada di {area} aman dan damai, {THANKS} KPU dan Bawaslu',
        'TPS di {place} rapi, petugasnya ramah',
      ],
    },
    news: {
      negative: [
        ['Bawaslu Temukan Dugaan Politik Uang di {place}', 'Bawaslu {regionFull} menindaklanjuti laporan dugaan politik uang menjelang pemungutan suara di {place}.'],
      ],
      neutral: [
        ['KPU {area} Mulai Pemutakhiran Data Pemilih', 'KPU {regionFull} mulai memutakhirkan data pemilih berkelanjutan dengan mendatangi rumah warga di {place}.'],
      ],
      positive: [
        ['Partisipasi Pemilih di {area} Lampaui Target', 'KPU {regionFull} mencatat partisipasi pemilih melampaui target. Pemungutan suara di {place} berlangsung aman dan lancar.'],
      ],
    },
  },
  {
    key: 'layanan_publik',
    weight: 10,
    social: {
      negative: [
        'air PDAM di {place} mati {ALREADY} {few} hari, {NONE} pemberitahuan',
        'PLN padam lagi di {place}, barang elektronik rusak {ALL}',
        'bikin KTP di Dukcapil {area} {ALREADY} {few} minggu belum jadi',
        'sampah menumpuk di {place}, bau{INT}, {NEG} diangkut-angkut',
        'antre di Samsat {area} lama{INT}, sistemnya down terus',
        'lapor lewat aplikasi {NEG} direspons, harus viral dulu baru gerak',
      ],
      neutral: [
        'pemadaman bergilir PLN di {place} besok jam 09.00-15.00',
        'Samsat keliling hari ini ada di {place}',
        '{ADDR}, syarat perpanjang STNK apa {JUST}?',
      ],
      positive: [
        'bayar pajak kendaraan di Samsat {area} cepat{INT}, {NEG} sampai 15 menit',
        'Dukcapil {area} jemput bola ke {place}, {GOOD} pelayanannya',
        'sampah di {place} sekarang diangkut tiap pagi, {THANKS} petugas kebersihan',
      ],
    },
    news: {
      negative: [
        ['Air PDAM Mati Berhari-hari, Warga {place} Beli Air Galon', 'Warga {place} terpaksa membeli air galon untuk kebutuhan sehari-hari karena aliran air PDAM terhenti sejak beberapa hari lalu.'],
        ['Pemadaman Listrik di {area} Dikeluhkan Pelaku Usaha', 'Pelaku usaha kecil di {place} mengeluhkan pemadaman listrik yang terjadi berulang kali dalam sepekan terakhir.'],
        ['Sampah Menumpuk di {place}, Warga Keluhkan Bau Menyengat', 'Tumpukan sampah di {place} tidak terangkut selama beberapa hari sehingga menimbulkan bau menyengat.'],
      ],
      neutral: [
        ['PLN Umumkan Jadwal Pemeliharaan Jaringan di {area}', 'PLN mengumumkan jadwal pemeliharaan jaringan yang berdampak pada pemadaman sementara di sebagian wilayah {place}.'],
        ['{official} Minta OPD Percepat Layanan Publik', '{official} meminta seluruh organisasi perangkat daerah mempercepat layanan publik dan menindaklanjuti keluhan masyarakat {area} di media sosial.'],
      ],
      positive: [
        ['Samsat {area} Luncurkan Layanan Pajak Kendaraan Tanpa Antre', 'UPTD Samsat {area} meluncurkan layanan pembayaran pajak kendaraan secara daring sehingga wajib pajak tidak perlu antre lama.'],
        ['Dukcapil {area} Jemput Bola Rekam KTP-el di {place}', 'Dinas Kependudukan dan Pencatatan Sipil {regionFull} melayani perekaman KTP elektronik langsung di {place}. Warga menyambut baik layanan ini.'],
      ],
    },
  },
  {
    key: 'pariwisata',
    weight: 6,
    regions: ['palembang', 'oku_selatan', 'pagar_alam', 'lahat', 'lubuklinggau', 'oku'],
    regionBias: 0.85,
    social: {
      negative: [
        'akses jalan ke {spot} rusak{INT}, wisatawan kecewa {ALL}',
        'toilet di {spot} jorok{INT}, {NEG} terawat',
        'parkir liar di {spot} mahal{INT}, {PLS} ditertibkan',
      ],
      neutral: [
        'jam buka {spot} hari libur sampai jam berapa ya?',
        'rekomendasi pempek enak di {place} dong',
      ],
      positive: [
        'liburan ke {spot} {GOOD}{INT}, pemandangannya juara',
        'pempek di {place} {GOOD}{INT}, wajib coba kalau ke Sumsel',
        'festival di {spot} kemarin rame{INT}, keren {ADDR}',
      ],
    },
    news: {
      negative: [
        ['Akses Menuju {spot} Rusak, Kunjungan Wisatawan Turun', 'Pengelola {spot} di {regionFull} mengeluhkan penurunan jumlah wisatawan akibat akses jalan yang rusak dan belum diperbaiki.'],
      ],
      neutral: [
        ['Dispar Sumsel Promosikan Pempek dan Wisata Sungai Musi', 'Dinas Pariwisata Sumatera Selatan mempromosikan kuliner pempek dan wisata {spot} dalam pameran pariwisata nasional.'],
      ],
      positive: [
        ['Festival Budaya di {spot} Tarik Ribuan Pengunjung', 'Ribuan pengunjung memadati {spot} dalam festival budaya yang digelar {gov}. {official} berharap festival menjadi agenda tahunan.'],
        ['Kunjungan Wisatawan ke {spot} Meningkat', 'Dinas Pariwisata {regionFull} mencatat peningkatan kunjungan wisatawan ke {spot} selama libur panjang.'],
      ],
    },
  },
  {
    key: 'investasi_energi',
    weight: 4,
    regions: ['muara_enim', 'banyuasin', 'muba', 'pali', 'palembang'],
    regionBias: 0.8,
    social: {
      negative: [
        'sumur minyak ilegal di {place} terbakar lagi, {NONE} tindakan tegas',
        'asap PLTU di {place} bikin {PEOPLE} batuk-batuk',
        'katanya investasi masuk, tapi {PEOPLE} {place} tetap nganggur',
      ],
      neutral: [
        'ada info lowongan kerja di proyek {place}?',
        'Pertamina Plaju buka program magang, cek web resminya',
      ],
      positive: [
        'KEK Tanjung Api-Api mulai jalan, semoga buka lapangan kerja buat {PEOPLE} {area}',
        'investasi di {area} naik, mantap {official}',
      ],
    },
    news: {
      negative: [
        ['Sumur Minyak Ilegal di {place} Terbakar, Warga Panik', 'Kebakaran sumur minyak ilegal kembali terjadi di {place}, {regionFull}. Asap hitam membubung dan warga sekitar diminta menjauh.'],
      ],
      neutral: [
        ['Pemprov Sumsel Bahas Percepatan KEK Tanjung Api-Api', 'Pemerintah Provinsi Sumatera Selatan membahas percepatan Kawasan Ekonomi Khusus Tanjung Api-Api bersama calon investor dan {gov}.'],
      ],
      positive: [
        ['Realisasi Investasi Sumsel Meningkat, {official} Optimistis', '{official} optimistis realisasi investasi di Sumatera Selatan terus meningkat, terutama sektor energi dan hilirisasi di {regionFull}.'],
      ],
    },
  },
  {
    key: 'pertanian',
    weight: 5,
    regions: ['muba', 'oku_timur', 'pagar_alam', 'muara_enim', 'banyuasin', 'mura', 'oki'],
    regionBias: 0.7,
    social: {
      negative: [
        'harga karet anjlok{INT}, petani di {place} susah makan',
        'pupuk subsidi langka di {place}, petani {NEG} {CAN} tanam',
        'harga TBS sawit turun lagi, petani {place} rugi',
      ],
      neutral: [
        'harga TBS sawit di {area} minggu ini berapa ya?',
        'jadwal penyaluran pupuk subsidi di {place} kapan?',
      ],
      positive: [
        'panen padi di {place} melimpah, {THANKS} penyuluh',
        'kopi Semendo makin dikenal, bangga{INT} jadi {PEOPLE} {area}',
        'bantuan bibit dari Pemprov sampai ke {place}, {GOOD}',
      ],
    },
    news: {
      negative: [
        ['Harga Karet Anjlok, Petani di {place} Menjerit', 'Harga karet di tingkat petani {place} anjlok dalam sebulan terakhir. Petani mengaku pendapatan tidak cukup untuk kebutuhan sehari-hari.'],
      ],
      neutral: [
        ['Disbun Sumsel Tetapkan Harga TBS Sawit Periode Ini', 'Dinas Perkebunan Sumatera Selatan menetapkan harga tandan buah segar kelapa sawit periode ini bagi petani plasma dan swadaya, termasuk di {regionFull}.'],
      ],
      positive: [
        ['Panen Raya Padi di {area}, Sumsel Perkuat Lumbung Pangan', '{official} menghadiri panen raya padi di {place} dan menegaskan komitmen Sumatera Selatan sebagai lumbung pangan nasional.'],
      ],
    },
  },
  {
    key: 'kemiskinan',
    weight: 4,
    social: {
      negative: [
        'bansos di {place} {NEG} tepat sasaran, {YG} mampu malah dapat',
        'PHK di mana-mana, cari kerja di {area} susah{INT}',
        'BLT belum cair juga, {PEOPLE} {place} {ALREADY} nunggu berbulan-bulan',
      ],
      neutral: [
        'cara cek penerima bansos {HOW} ya {ADDR}?',
        'penyaluran BLT di {place} dijadwalkan minggu depan',
      ],
      positive: [
        'bantuan PKH {ALREADY} cair di {place}, {THANKS} pemerintah',
        'bedah rumah dari Pemprov untuk warga {place} {GOOD}{INT}',
      ],
    },
    news: {
      negative: [
        ['Warga {place} Keluhkan Bansos Tak Tepat Sasaran', 'Sejumlah warga {place} mengeluhkan penyaluran bantuan sosial yang dinilai tidak tepat sasaran karena data penerima belum diperbarui.'],
      ],
      neutral: [
        ['Dinsos Sumsel Salurkan Bantuan untuk Warga {place}', 'Dinas Sosial Sumatera Selatan menyalurkan bantuan sembako kepada keluarga penerima manfaat di {place}, {regionFull}.'],
      ],
      positive: [
        ['Angka Kemiskinan Sumsel Turun', 'Persentase penduduk miskin di Sumatera Selatan turun dibandingkan periode sebelumnya. {official} menyebut program bansos di daerah seperti {area} berperan.'],
      ],
    },
  },
  {
    key: 'narkoba',
    weight: 3,
    social: {
      negative: [
        'peredaran sabu di {place} makin terang-terangan, {PEOPLE} resah',
        'kampung narkoba di {place} {NEG} pernah bersih, aparat ke mana',
      ],
      neutral: [
        'BNNP Sumsel buka layanan rehabilitasi gratis, {area} juga bisa',
        'ada penyuluhan bahaya narkoba di sekolah {place} hari ini',
      ],
      positive: [
        'salut BNNP Sumsel, bandar sabu di {place} tertangkap',
        'razia narkoba di {place} bikin {PEOPLE} tenang, mantap',
      ],
    },
    news: {
      negative: [
        ['Peredaran Sabu di {place} Resahkan Warga', 'Warga {place} resah dengan maraknya peredaran sabu di lingkungan mereka dan meminta aparat rutin menggelar razia.'],
      ],
      neutral: [
        ['BNNP Sumsel Gelar Penyuluhan Bahaya Narkoba di {area}', 'BNNP Sumatera Selatan menggelar penyuluhan bahaya narkoba bagi pelajar dan mahasiswa di {place}.'],
      ],
      positive: [
        ['BNNP Sumsel Ungkap Peredaran {n} Kilogram Sabu di {area}', 'Badan Narkotika Nasional Provinsi Sumatera Selatan mengungkap peredaran {n} kilogram sabu dan menangkap sejumlah tersangka di {place}.'],
      ],
    },
  },
  {
    key: 'keamanan',
    weight: 4,
    social: {
      negative: [
        'begal lagi di {place}, malam-malam {NEG} berani keluar',
        'tawuran remaja di {place} meresahkan{INT}, {PLS} ditindak',
        'motor hilang di parkiran {place}, {NONE} CCTV',
      ],
      neutral: [
        'hati-hati lewat {place} malam hari, rawan begal',
        'polisi pasang CCTV baru di {place}',
      ],
      positive: [
        'patroli malam di {place} rutin sekarang, {PEOPLE} merasa aman',
        'mantap, pelaku begal di {place} {ALREADY} ditangkap',
      ],
    },
    news: {
      negative: [
        ['Aksi Begal Kembali Terjadi di {place}', 'Seorang pengendara motor menjadi korban begal di {place} saat pulang kerja pada malam hari. Polisi masih memburu pelaku.'],
        ['Konflik Lahan di {area} Memanas', 'Konflik lahan antara warga dan perusahaan perkebunan di {place}, {regionFull}, memanas. Aparat turun untuk menenangkan situasi.'],
      ],
      neutral: [
        ['Polda Sumsel Tingkatkan Patroli Jelang Akhir Tahun', 'Polda Sumatera Selatan meningkatkan patroli di titik rawan kejahatan, termasuk di {place}, menjelang libur akhir tahun.'],
      ],
      positive: [
        ['Polisi Tangkap Komplotan Begal di {place}', 'Polisi menangkap komplotan begal yang kerap beraksi di {place}. Warga mengapresiasi kerja cepat aparat.'],
      ],
    },
  },
] as const satisfies readonly TopicSpec[];
export type TopicKey = (typeof TOPICS)[number]['key'];
export const TOPIC_KEYS: readonly TopicKey[] = TOPICS.map((t) => t.key);

/** Injected bursts: one incident each, concentrated in about a day so charts show a spike. */
interface BurstSpec {
  topic: TopicSpec;
  regions: readonly RegionKey[];
  share: number;
  /** WIB hour range in which the incident starts. */
  hours: readonly [number, number];
  /** Where in the window (fraction of days) the incident happens. */
  at: number;
}

const BURSTS: readonly BurstSpec[] = [
  {
    at: 0.25,
    hours: [6, 9],
    share: 0.022,
    regions: ['ogan_ilir', 'oki', 'palembang', 'banyuasin'],
    topic: {
      key: 'karhutla_asap',
      weight: 0,
      social: {
        negative: [
          'asap pekat{INT} pagi ini di {place}, jarak pandang cuma {n}0 meter',
          'sekolah di {place} diliburkan gara-gara asap, anak-anak sesak napas',
          'ISPU {area} tembus level berbahaya, {WHY} {NONE} tindakan',
          'sesak{INT}, asap masuk sampai ke dalam rumah di {place}',
        ],
        neutral: [
          'info: sekolah di {area} belajar dari rumah karena kabut asap',
          'penerbangan di Bandara SMB II tertunda karena asap, cek jadwal dulu',
        ],
        positive: ['{THANKS} relawan {YG} bagi-bagi masker di {place}'],
      },
      news: {
        negative: [
          ['Kabut Asap Pekat, Sekolah di {area} Diliburkan', 'Pemerintah daerah meliburkan sekolah di {regionFull} karena kualitas udara di {place} masuk kategori berbahaya akibat kabut asap kebakaran lahan.'],
          ['Penerbangan di Bandara SMB II Tertunda Akibat Kabut Asap', 'Sejumlah penerbangan di Bandara Sultan Mahmud Badaruddin II Palembang tertunda karena jarak pandang terbatas. Kabut asap juga menyelimuti {place}.'],
        ],
        neutral: [['Pemprov Sumsel Bagikan Masker Gratis', 'Pemerintah Provinsi Sumatera Selatan membagikan masker gratis kepada warga {place} yang terdampak kabut asap.']],
        positive: [['Hujan Buatan Kurangi Titik Api di Sumsel', 'Operasi modifikasi cuaca berhasil memicu hujan dan mengurangi titik api di sejumlah wilayah, termasuk di sekitar {place}.']],
      },
    },
  },
  {
    at: 0.55,
    hours: [9, 12],
    share: 0.028,
    regions: ['lahat'],
    topic: {
      key: 'jalan_jembatan',
      weight: 0,
      social: {
        negative: [
          'jembatan di Muara Lawai ambruk, akses Lahat ke Muara Enim putus{INT}',
          'truk {NEG} {CAN} lewat, antre panjang{INT} gara-gara jembatan Muara Lawai ambruk',
          'jembatan Muara Lawai {ALREADY} lama retak {NEG} diperbaiki, sekarang ambruk, {PLS} {ADDR} tanggung jawab',
          'gara-gara jembatan ambruk anak sekolah di {place} harus memutar {n} km',
        ],
        neutral: [
          'info: jembatan di Muara Lawai ambruk, kendaraan dialihkan ke jalur alternatif',
          'ada {YG} tau jalur alternatif Lahat ke Muara Enim setelah jembatan ambruk?',
        ],
        positive: [
          '{THANKS} tim PU {YG} gercep pasang jembatan darurat di Muara Lawai',
          'jembatan bailey di Muara Lawai {ALREADY} {CAN} dilewati motor, mantap',
        ],
      },
      news: {
        negative: [
          ['Jembatan di Muara Lawai Ambruk, Akses Lahat–Muara Enim Terputus', 'Jembatan penghubung di Muara Lawai, Kabupaten Lahat, ambruk sehingga arus kendaraan dari Lahat menuju Muara Enim terputus. Tidak ada korban jiwa dalam kejadian ini.'],
          ['Warga Sebut Jembatan Muara Lawai Sudah Lama Retak', 'Warga {place} menyebut jembatan yang ambruk di Muara Lawai sudah lama retak dan berkali-kali dilaporkan, tetapi belum diperbaiki.'],
        ],
        neutral: [['{official} Tinjau Jembatan Ambruk di Muara Lawai', '{official} meninjau lokasi jembatan ambruk di Muara Lawai, Lahat, dan meminta jembatan darurat segera dipasang.']],
        positive: [['Jembatan Darurat di Muara Lawai Mulai Bisa Dilalui', 'Jembatan bailey di Muara Lawai, Lahat, mulai dapat dilalui kendaraan roda dua dan roda empat secara bergantian.']],
      },
    },
  },
  {
    at: 0.85,
    hours: [4, 7],
    share: 0.022,
    regions: ['palembang'],
    topic: {
      key: 'banjir',
      weight: 0,
      social: {
        negative: [
          'banjir di mana-mana, {place} tenggelam{INT} habis hujan semalam',
          'motor mogok kena banjir di {place}, drainase {NEG} berfungsi',
          'rumah di {place} kebanjiran sampai sepinggang, {PLS} bantu {ADDR}',
        ],
        neutral: [
          'info banjir pagi ini: {place} tergenang, cari jalan lain',
          'posko banjir dibuka di {place}',
        ],
        positive: ['{THANKS} relawan dan BPBD {YG} evakuasi warga {place}'],
      },
      news: {
        negative: [['Hujan Semalaman, Puluhan Titik di Palembang Terendam Banjir', 'Hujan deras sejak malam membuat puluhan titik di Kota Palembang terendam banjir, termasuk {place}. Sejumlah kendaraan mogok saat menerobos genangan.']],
        neutral: [['{head} Tinjau Lokasi Banjir di {place}', '{head} meninjau lokasi banjir di {place} dan memerintahkan pembersihan saluran drainase.']],
        positive: [['Genangan di {place} Surut, Petugas Bersihkan Drainase', 'Genangan di {place} mulai surut. Petugas membersihkan saluran drainase agar banjir tidak terulang.']],
      },
    },
  },
];

/** Buzzer campaign texts: positive, near-identical, posted by a few accounts in a short window. */
const CAMPAIGNS: readonly { topic: TopicKey; text: string }[] = [
  { topic: 'jalan_jembatan', text: 'Terima kasih {official} atas perbaikan jalan di {place}, sekarang mulus! #SumselMajuTerus' },
  { topic: 'pendidikan', text: 'Sekolah gratis dari Pemprov Sumsel sangat membantu warga {area}. Bangga dengan HDCU! #SumselMajuTerus' },
  { topic: 'harga_bbm', text: 'Pasar murah Pemprov Sumsel di {place} sangat membantu, harga sembako terjangkau. #SumselMajuUntukSemua' },
  { topic: 'karhutla_asap', text: 'Penanganan karhutla di Sumsel makin sigap, titik api turun drastis. Salut Pemprov Sumsel! #SumselBebasAsap' },
  { topic: 'lrt', text: 'LRT Sumsel makin nyaman dan tepat waktu, bukti Pemprov Sumsel kerja nyata! #SumselMajuTerus' },
];
const CAMPAIGN_PREFIX = ['', '', 'Setuju! ', 'Fakta: ', 'Mantap! ', 'Betul, '];
const CAMPAIGN_SUFFIX = ['', '', ' 👍', ' 🔥🔥', ' 👏👏👏', ' #Sumsel', '!!', ' #Palembang'];

/** A handful of English posts (diaspora, expats) so language detection has something to find. */
const ENGLISH: readonly { topic: TopicKey; sentiment: SentimentLabel; text: string }[] = [
  { topic: 'karhutla_asap', sentiment: 'negative', text: 'Haze is back in {area}, can barely see across the river this morning' },
  { topic: 'jalan_jembatan', sentiment: 'negative', text: 'Roads around {place} are a disaster, no repairs in months' },
  { topic: 'layanan_publik', sentiment: 'negative', text: 'Power cut again in {place}, third time this week' },
  { topic: 'lrt', sentiment: 'positive', text: 'Took the LRT in Palembang today, clean and on time' },
  { topic: 'pariwisata', sentiment: 'positive', text: 'The pempek in {place} never disappoints' },
  { topic: 'pariwisata', sentiment: 'neutral', text: 'Visiting {spot} next week, any tips?' },
  { topic: 'jalan_jembatan', sentiment: 'neutral', text: 'Anyone know if the road to {place} is open today?' },
];

// ─── Register vocabulary (domain.md B4) ──────────────────────────────────────────────────────

/** Slot words per register: [standard (also formal), slang, Palembang dialect]. */
const LEX: Readonly<Record<string, readonly [readonly string[], readonly string[], readonly string[]]>> = {
  NEG: [['tidak'], ['gak', 'ga', 'nggak', 'gk', 'enggak'], ['dak', 'idak']],
  NONE: [['tidak ada'], ['gak ada', 'ga ada', 'nggak ada'], ['katek', 'dak katek', 'dak ado']],
  INT: [[' sekali'], [' bgt', ' banget', ' bener'], [' nian']],
  ALL: [['semua'], ['semua', 'semuanya'], ['galo', 'galo-galo']],
  HOW: [['bagaimana'], ['gimana', 'gmn'], ['cak mano']],
  THANKS: [['terima kasih'], ['makasih', 'trims', 'thx'], ['mokaseh']],
  CAN: [['bisa'], ['bisa', 'bs'], ['pacak']],
  GOOD: [['bagus'], ['mantap', 'keren', 'mantul'], ['lemak']],
  PEOPLE: [['warga'], ['warga'], ['wong kito']],
  JUST: [['saja'], ['aja', 'doang'], ['bae']],
  WHY: [['mengapa', 'kenapa'], ['kenapa', 'knp'], ['ngapo']],
  YG: [['yang'], ['yg', 'yang'], ['yang', 'yg']],
  ALREADY: [['sudah'], ['udah', 'udh', 'dah'], ['lah', 'sudah']],
  PLS: [['mohon'], ['tolong', 'tlg', 'plis'], ['tolong nian', 'tolong']],
  ADDR: [['Bapak', 'admin', 'Pak Gubernur'], ['min', 'pak gub', 'pak', 'mimin'], ['min', 'pak gub', 'kak min']],
};

const OFFICIALS_FORMAL = ['Gubernur Sumsel Herman Deru', 'Wakil Gubernur Sumsel Cik Ujang', 'Sekda Sumsel Edward Candra'];
const OFFICIALS_STANDARD = ['Pak Gubernur Herman Deru', 'Pak Wagub Cik Ujang', 'Pemprov Sumsel'];
const OFFICIALS_SLANG = ['pak gub', 'pak Deru', 'pak HD', 'pak wagub Cik Ujang', 'pak sekda'];
const LRT_STATIONS = ['Bandara', 'Asrama Haji', 'Punti Kayu', 'RSUD', 'Garuda Dempo', 'Demang', 'Bumi Sriwijaya', 'Dishub', 'Cinde', 'Ampera', 'Polresta', 'Jakabaring', 'DJKA'];

/** Frames around a clause: [openers, tails] per sentiment, per social register. */
type Frames = Readonly<Record<SentimentLabel, readonly [readonly string[], readonly string[]]>>;
const FRAMES: Readonly<Record<'standard' | 'slang' | 'dialect', Frames>> = {
  standard: {
    negative: [['', '', 'Mohon perhatian, ', 'Sangat disayangkan, ', 'Assalamualaikum, '], ['', ' Mohon segera ditindaklanjuti.', ' Terima kasih.', ' Semoga ada perhatian dari pemerintah.']],
    neutral: [['', '', 'Informasi: ', 'Izin bertanya, '], ['', '', ' Terima kasih.']],
    positive: [['', 'Alhamdulillah, ', 'Terima kasih, '], ['', ' Semoga terus ditingkatkan.', ' Terima kasih Pemprov Sumsel.', ' Sukses selalu.']],
  },
  slang: {
    negative: [['', '', '', 'parah sih, ', 'ya ampun ', 'serius deh, ', 'kzl bgt ', 'no viral no justice. ', 'anjir ', 'hadeh '], ['', '', ' 😡', ' 😤', ', tolong dong {ADDR}', ' kapan dibenerin?', ' omdo doang', ' 🙏', ' #SumselDarurat']],
    neutral: [['', '', 'info ', 'guys, ', '{ADDR} ', 'numpang tanya, '], ['', '', ' cmiiw', ' 🙏', ' makasih infonya']],
    positive: [['', '', 'mantap {ADDR}, ', 'keren, ', 'alhamdulillah '], ['', ' 👍', ' mantul', ' 🔥', ' keren parah', ' gercep', ' sip']],
  },
  dialect: {
    negative: [['', 'ai dah, ', 'cak mano ini, ', 'oi ', 'payo jingok, '], ['', ' kagek makin parah', ', dak katek yang peduli', ' 😩', ', bongok nian yang ngurus']],
    neutral: [['', '', 'oi wong kito, ', 'numpang nanyo, '], ['', ' aok?', ' kagek dikabari lagi']],
    positive: [['', 'alhamdulillah, ', 'mokaseh, '], [', lemak nian', ', mokaseh pak gub', ' 👍', '', ' mantap nian']],
  },
};
const DIALECT_MARK = /\b(dak|idak|nian|galo|lemak|bongok|cak mano|kagek|wong kito|mokaseh|jingok|pacak|katek|aok|bae|ngapo)\b/;
const DIALECT_FALLBACK: Readonly<Record<SentimentLabel, readonly string[]>> = {
  negative: [', dak katek yang peduli', ' kagek makin parah', ', parah nian'],
  neutral: [' aok?', ', kagek dikabari lagi'],
  positive: [', lemak nian', ', mokaseh'],
};
const SARCASM: readonly (readonly [string, string])[] = [['mantap {ADDR}, ', ' wkwk 👏'], ['keren bgt ', ' 👏👏'], ['prestasi nih: ', ' wkwk']];
const REPLY_OPEN: Readonly<Record<'standard' | 'slang' | 'dialect', readonly string[]>> = {
  standard: ['Setuju, ', 'Benar, ', 'Betul sekali, ', 'Di tempat kami juga, '],
  slang: ['setuju, ', 'bener bgt, ', 'iya nih, ', 'sama, di sini juga ', 'lah iya, ', ''],
  dialect: ['aok, ', 'bener nian, ', 'samo, ', ''],
};
// NOTE: placeholder office handles; real ones must come from Diskominfo/Biro Humas.
const OFFICE_MENTIONS = ['@diskominfo_sumsel', '@humas_sumsel'];

// ─── Sources ─────────────────────────────────────────────────────────────────────────────────

export const CORPUS_SOURCES = ['rss', 'google_news', 'x', 'youtube', 'facebook', 'instagram', 'telegram', 'mastodon', 'reddit', 'bluesky'] as const satisfies readonly SourceKind[];
type CorpusSource = (typeof CORPUS_SOURCES)[number];
const SOURCE_WEIGHTS = [14, 7, 30, 10, 11, 10, 6, 4, 4, 4];
const REPLYABLE: ReadonlySet<CorpusSource> = new Set(['x', 'youtube', 'facebook', 'instagram', 'mastodon', 'reddit', 'bluesky']);
const ENGLISH_OK: ReadonlySet<CorpusSource> = new Set(['x', 'reddit', 'mastodon', 'bluesky']);

interface Outlet {
  key: string;
  name: string;
  handle: string;
  dateline: (city: string) => string;
  url: (num: string, slug: string, wibDate: string) => string;
  /** Regional outlets publish through their own RSS; national ones reach us via Google News only. */
  rss: boolean;
}
const ymd = (d: string) => d.replaceAll('-', '/');
const OUTLETS: readonly Outlet[] = [
  { key: 'antara-sumsel', name: 'ANTARA Sumsel', handle: 'antarasumsel', rss: true, dateline: (c) => `${c} (ANTARA) - `, url: (n, s) => `https://sumsel.antaranews.com/berita/${n}/${s}` },
  { key: 'sripoku', name: 'Sripoku.com', handle: 'sripokucom', rss: true, dateline: (c) => `SRIPOKU.COM, ${c.toUpperCase()} - `, url: (n, s, d) => `https://palembang.tribunnews.com/${ymd(d)}/${s}-${n}` },
  { key: 'tribun-sumsel', name: 'Tribunsumsel.com', handle: 'tribunsumsel', rss: true, dateline: (c) => `TRIBUNSUMSEL.COM, ${c.toUpperCase()} - `, url: (n, s, d) => `https://sumsel.tribunnews.com/${ymd(d)}/${s}-${n}` },
  { key: 'sumeks', name: 'Sumatera Ekspres', handle: 'sumeks', rss: true, dateline: (c) => `${c.toUpperCase()}, SUMATERAEKSPRES.ID - `, url: (n, s) => `https://sumateraekspres.bacakoran.co/read/${n}/${s}` },
  { key: 'palpres', name: 'Palembang Pos', handle: 'palpres', rss: true, dateline: () => 'PALPRES.COM - ', url: (n, s) => `https://palpres.disway.id/read/${n}/${s}` },
  { key: 'detik-sumbagsel', name: 'detikSumbagsel', handle: 'detiksumbagsel', rss: false, dateline: (c) => `${c} - `, url: (n, s) => `https://www.detik.com/sumbagsel/berita/d-${n}/${s}` },
  { key: 'kompas-regional', name: 'Kompas.com', handle: 'kompascom', rss: false, dateline: (c) => `${c.toUpperCase()}, KOMPAS.com - `, url: (n, s, d) => `https://regional.kompas.com/read/${ymd(d)}/${n}/${s}` },
];
const RSS_OUTLETS = OUTLETS.filter((o) => o.rss);

// Placeholder channels/pages; none of these is a verified account.
const TELEGRAM_CHANNELS = ['infopalembang_id', 'sumsel_update', 'palembang24jam', 'kabarsumsel_terkini', 'lahat_info', 'linggau_update'];
const SUBREDDITS = ['indonesia', 'palembang'];
const MASTODON_INSTANCES = ['mastodon.social', 'mas.to'];
const FB_PAGE = 'pemprovsumsel';

// ─── Authors ─────────────────────────────────────────────────────────────────────────────────

const FIRST = ['rizky', 'dimas', 'putri', 'ayu', 'fajar', 'yudi', 'sri', 'wulan', 'andre', 'bagus', 'dewi', 'indah', 'rahmat', 'agus', 'siti', 'nurul', 'hendra', 'eko', 'yoga', 'citra', 'fitri', 'reza', 'arif', 'nanda', 'tiara', 'bayu', 'dodi', 'mega', 'lia', 'ilham', 'febri', 'anggi', 'ferdi', 'rina', 'yanti', 'joko', 'amir', 'zul', 'hafiz', 'kiki', 'dedi', 'yusuf', 'aldo', 'salsa', 'dinda', 'ikhsan', 'wawan', 'rudi', 'novi', 'sinta'];
const LAST = ['Pratama', 'Saputra', 'Wijaya', 'Lestari', 'Rahmawati', 'Hidayat', 'Kurniawan', 'Syahputra', 'Anggraini', 'Fitriani', 'Maulana', 'Ramadhan', 'Putra', 'Sari', 'Firmansyah', 'Handayani', 'Nugroho', 'Setiawan', 'Oktaviani', 'Susanti'];
const HANDLE_TAIL = ['plg', 'sumsel', 'wongkito', 'palembang', 'oi', 'lahat', 'linggau', 'prabu', 'kito', 'jakabaring', 'ampera', 'musi', 'pempek', 'dempo', 'id', 'real', 'official'];
const BUZZERS = ['suara_sumsel_maju', 'kabarbaik_plg', 'wongkito.bangga', 'sumsel_hebat_id', 'pantau_plg24', 'relawan.sumsel'];

interface AuthorRec {
  handle: string;
  name: string;
  followers: number;
  numId: string;
  ytId: string;
  did: string;
}

const AUTHOR_POOL = 360;

/** Power-law follower counts: most accounts have hundreds, a few have hundreds of thousands. */
function pareto(r: Rng, min: number, alpha: number): number {
  return min / Math.pow(1 - r.next(), 1 / alpha);
}

function buildAuthors(r: Rng): AuthorRec[] {
  const seen = new Set<string>();
  const out: AuthorRec[] = [];
  while (out.length < AUTHOR_POOL) {
    const first = r.pick(FIRST);
    const sep = r.pick(['', '_', '.', '']);
    const tail = r.chance(0.6) ? r.pick(HANDLE_TAIL) : String(r.between(1, 99));
    const handle = `${first}${sep}${tail}${r.chance(0.3) ? r.between(1, 9) : ''}`;
    if (seen.has(handle)) continue;
    seen.add(handle);
    out.push(makeAuthor(handle, `${first[0]?.toUpperCase()}${first.slice(1)} ${r.pick(LAST)}`, Math.min(2_000_000, Math.floor(pareto(r, 40, 1.1))), out.length));
  }
  return out;
}

function makeAuthor(handle: string, name: string, followers: number, n: number): AuthorRec {
  const tag = n.toString(36).padStart(4, '0');
  return {
    handle,
    name,
    followers,
    numId: String(1_000_000_000 + n * 7919),
    ytId: `UC${'dngr'.padEnd(18, 'x')}${tag}`,
    did: `did:plc:dngr${tag.padStart(20, 'q')}`,
  };
}

// ─── Time model ──────────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WIB_MS = 7 * HOUR_MS;
/** Posts per WIB hour: quiet 00–05, a morning peak, a bigger evening peak. */
const HOUR_WEIGHTS = [1.2, 0.6, 0.4, 0.3, 0.5, 1.2, 3, 5, 6.5, 6, 5, 4.5, 5, 4.5, 4, 4, 4.5, 5, 5.5, 7, 8, 7.5, 5, 3];
/** Weekly rhythm by WIB weekday (Sunday first): weekends are quieter for government topics. */
const WEEKDAY_WEIGHTS = [0.75, 1.1, 1.1, 1.05, 1.05, 1, 0.85];
const HOUR_CDF = cumulative(HOUR_WEIGHTS);

interface Window {
  startMs: number;
  endMs: number;
  dayCdf: number[];
  /** WIB hour-of-day at `start`, so "hour h WIB on day d" maps onto the window. */
  startWibMs: number;
}

function buildWindow(opts: CorpusOptions, r: Rng): Window {
  const startMs = opts.start.getTime();
  const startWib = startMs + WIB_MS;
  const weights: number[] = [];
  for (let d = 0; d < opts.days; d++) {
    const dow = new Date(startWib + d * DAY_MS).getUTCDay();
    // Day-level noise so no two weeks look identical.
    weights.push((WEEKDAY_WEIGHTS[dow] ?? 1) * (0.8 + 0.4 * r.next()));
  }
  return { startMs, endMs: startMs + opts.days * DAY_MS, dayCdf: cumulative(weights), startWibMs: startWib % DAY_MS };
}

/** An instant on WIB day-offset `day` at WIB `hour` + `ms`, expressed inside the window. */
function atWib(w: Window, day: number, hour: number, ms: number): number {
  const offset = (hour * HOUR_MS + ms - w.startWibMs + DAY_MS) % DAY_MS;
  return w.startMs + day * DAY_MS + offset;
}

function organicTime(w: Window, r: Rng): number {
  return atWib(w, pickIndex(r, w.dayCdf), pickIndex(r, HOUR_CDF), r.int(HOUR_MS));
}

// ─── Generator state ─────────────────────────────────────────────────────────────────────────

interface Parent {
  sourceId: string;
  ms: number;
  topic: TopicSpec;
  region: RegionSpec;
  sentiment: SentimentLabel;
  handle: string;
  /** Video id, reddit thread, fb post or IG shortcode the thread lives under. */
  thread: string;
}

interface ActiveBurst {
  spec: BurstSpec;
  startMs: number;
}
interface ActiveCampaign {
  topic: TopicKey;
  region: RegionSpec;
  regionMentioned: boolean;
  text: string;
  startMs: number;
  durationMs: number;
}

interface State {
  r: Rng;
  seed: number;
  seedTag: string;
  window: Window;
  authors: AuthorRec[];
  buzzers: AuthorRec[];
  channels: AuthorRec[];
  bursts: ActiveBurst[];
  campaigns: ActiveCampaign[];
  /** Video ids / IG shortcodes, and Facebook page-post ids, that comments hang under. */
  threads: string[];
  fbPosts: string[];
  parents: Map<CorpusSource, Parent[]>;
}

const TOPIC_CDF = cumulative(TOPICS.map((t) => t.weight));
const REGION_CDF = cumulative(REGIONS.map((g) => g.weight));
const SOURCE_CDF = cumulative(SOURCE_WEIGHTS);
const REGION_BY_KEY: ReadonlyMap<string, RegionSpec> = new Map(REGIONS.map((g) => [g.key, g]));
const BUZZER_SHARE = 0.025;
const REPLY_RATE = 0.14;
const PARENT_RING = 48;
const THREADS = 80;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

function randomToken(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ID_ALPHABET[r.int(64)];
  return s;
}

function createState(opts: CorpusOptions): State {
  // NOTE: setup draws from its own stream so tuning the pools never shifts the post stream.
  const setup = createRng((opts.seed ^ 0x5eed5eed) >>> 0);
  const window = buildWindow(opts, setup);
  const days = opts.days;
  const bursts = BURSTS.map((spec) => {
    const day = Math.min(days - 1, Math.floor(days * spec.at) + setup.int(3) - 1);
    return { spec, startMs: atWib(window, Math.max(0, day), setup.between(spec.hours[0], spec.hours[1]), setup.int(HOUR_MS)) };
  });
  const campaigns = Array.from({ length: Math.min(12, 2 + Math.floor(days / 20)) }, (_v, i) => {
    const c = CAMPAIGNS[(i + setup.int(CAMPAIGNS.length)) % CAMPAIGNS.length] ?? CAMPAIGNS[0];
    const reg = REGIONS[pickIndex(setup, REGION_CDF)] ?? REGIONS[0];
    const ctx = makeCtx(setup, 'standard', reg, false);
    const text = render(compile(c?.text ?? ''), ctx);
    return {
      topic: c?.topic ?? 'jalan_jembatan',
      region: reg,
      regionMentioned: ctx.mentioned,
      text,
      startMs: atWib(window, setup.int(days), setup.between(9, 20), setup.int(HOUR_MS)),
      durationMs: setup.between(60, 180) * 60_000,
    };
  });
  return {
    r: createRng(opts.seed),
    seed: opts.seed >>> 0,
    seedTag: (opts.seed >>> 0).toString(36),
    window,
    authors: buildAuthors(setup),
    buzzers: BUZZERS.map((h, i) => makeAuthor(h, h.replace(/[._]/g, ' '), setup.between(50, 900), AUTHOR_POOL + i)),
    channels: TELEGRAM_CHANNELS.map((h, i) => makeAuthor(h, h.replace(/_/g, ' '), Math.floor(pareto(setup, 3000, 0.9)), AUTHOR_POOL + 100 + i)),
    bursts,
    campaigns,
    threads: Array.from({ length: THREADS }, () => randomToken(setup, 11)),
    fbPosts: Array.from({ length: THREADS }, (_v, k) => `10${String(k + 1).padStart(4, '0')}${String(opts.seed >>> 0).padStart(10, '0').slice(-6)}`),
    parents: new Map(),
  };
}

// ─── Text rendering ──────────────────────────────────────────────────────────────────────────

interface Ctx {
  r: Rng;
  lex: 0 | 1 | 2;
  news: boolean;
  region: RegionSpec;
  place: string;
  spot: string;
  /** One official per text, so a headline and its lead name the same person. */
  official: string | null;
  /** Set when a slot wrote something that names the region. */
  mentioned: boolean;
}

function makeCtx(r: Rng, register: Register, region: RegionSpec, news: boolean): Ctx {
  const place = r.pick(region.cues);
  const spot = region.spots.length > 0 ? r.pick(region.spots) : `wisata ${place}`;
  const lex = register === 'slang' ? 1 : register === 'dialect' ? 2 : 0;
  return { r, lex, news, region, place, spot, official: null, mentioned: false };
}

function official(c: Ctx): string {
  if (c.official === null) {
    const formal = c.news || c.lex === 0;
    if (c.region.key === 'palembang' && c.r.chance(0.25)) {
      c.mentioned = true;
      c.official = formal ? c.region.head : c.region.headSlang;
    } else c.official = c.r.pick(c.news ? OFFICIALS_FORMAL : formal ? OFFICIALS_STANDARD : OFFICIALS_SLANG);
  }
  return c.official;
}

function slot(key: string, c: Ctx): string {
  const r = c.r;
  switch (key) {
    case 'place': c.mentioned = true; return c.place;
    case 'spot': c.mentioned = true; return c.spot;
    case 'area': c.mentioned = true; return c.region.short;
    case 'regionFull': c.mentioned = true; return c.region.name;
    case 'gov': c.mentioned = true; return c.region.gov;
    case 'head': c.mentioned = true; return c.news || c.lex === 0 ? c.region.head : c.region.headSlang;
    case 'official': return official(c);
    case 'station': return r.pick(LRT_STATIONS);
    case 'few': return String(r.between(2, 6));
    case 'n': return String(r.between(2, 40));
    case 'ha': return String(r.between(5, 900));
    case 'cabai': return String(r.between(45, 95));
    case 'beras': return String(r.between(13, 16));
    default: {
      const words = LEX[key];
      // Unknown slots stay visible; the unit test asserts no braces survive.
      return words ? r.pick(words[c.lex]) : `{${key}}`;
    }
  }
}

/** A template split once into [literal, slot, literal, slot, …, literal]. */
type Compiled = readonly string[];
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let parts = compiled.get(template);
  if (!parts) {
    // NOTE: split with a capture group keeps the slot names at the odd indices.
    parts = template.split(/\{(\w+)\}/);
    compiled.set(template, parts);
  }
  return parts;
}

function render(parts: Compiled, c: Ctx): string {
  let out = parts[0] ?? '';
  for (let k = 1; k < parts.length; k += 2) out += slot(parts[k] ?? '', c) + (parts[k + 1] ?? '');
  return out;
}

function fill(template: string, c: Ctx): string {
  return render(compile(template), c);
}

function capitalise(s: string): string {
  return s.length > 0 ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function slugify(title: string): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return s.slice(s.startsWith('-') ? 1 : 0, s.endsWith('-') ? -1 : undefined).slice(0, 90);
}

// ─── Post assembly ───────────────────────────────────────────────────────────────────────────

const SENTIMENT_CDF = cumulative([45, 30, 25]);
const BURST_SENTIMENT_CDF = cumulative([72, 20, 8]);
const SENTIMENTS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const TOPIC_BY_KEY: ReadonlyMap<string, TopicSpec> = new Map(TOPICS.map((t) => [t.key, t]));

function pickSentiment(r: Rng): SentimentLabel {
  return SENTIMENTS[pickIndex(r, SENTIMENT_CDF)] ?? 'neutral';
}

function pickRegion(r: Rng, preferred: readonly RegionKey[] | undefined, bias: number): RegionSpec {
  if (preferred && preferred.length > 0 && r.chance(bias)) return REGION_BY_KEY.get(r.pick(preferred)) ?? REGIONS[0];
  return REGIONS[pickIndex(r, REGION_CDF)] ?? REGIONS[0];
}

type SocialRegister = 'standard' | 'slang' | 'dialect';

function socialRegister(r: Rng, source: CorpusSource): SocialRegister {
  const u = r.next();
  if (u < 0.16) return 'dialect';
  // Facebook comment sections skew older and more formal; Telegram channels write like admins.
  const standard = source === 'facebook' ? 0.5 : source === 'telegram' ? 0.45 : 0.18;
  return u < 0.16 + standard ? 'standard' : 'slang';
}

function socialText(r: Rng, c: Ctx, topic: TopicSpec, sentiment: SentimentLabel, reg: SocialRegister, reply: string | null): string {
  const clause = fill(r.pick(topic.social[sentiment]), c);
  const [openers, tails] = FRAMES[reg][sentiment];
  let pre: string;
  let post: string;
  if (reply !== null) {
    pre = reply;
    post = fill(r.pick(tails), c);
  } else if (sentiment === 'negative' && reg === 'slang' && r.chance(0.07)) {
    // Sarcasm: praise words wrapped around a complaint; the label stays negative.
    const [a, b] = r.pick(SARCASM);
    pre = fill(a, c);
    post = b;
  } else {
    pre = fill(r.pick(openers), c);
    post = fill(r.pick(tails), c);
  }
  if (reg === 'slang') return pre + clause + post;
  if (reg === 'dialect') {
    const out = pre + clause + post;
    // A clause without dialect slots still has to read as Palembang speech.
    return DIALECT_MARK.test(out) ? out : out + r.pick(DIALECT_FALLBACK[sentiment]);
  }
  let text = capitalise(pre + clause);
  const c0 = post.charAt(1);
  if (post.startsWith(' ') && c0 >= 'A' && c0 <= 'Z' && !/[.?!]$/.test(text)) text += '.';
  text += post;
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

interface Draft {
  source: CorpusSource;
  topic: TopicSpec;
  region: RegionSpec;
  sentiment: SentimentLabel;
  ms: number;
  kind: PostKind;
}

function item(post: RawPostInput, d: Draft, register: Register, mentioned: boolean): CorpusItem {
  return { post, topic: d.topic.key as TopicKey, region: mentioned ? (d.region.key as RegionKey) : null, sentiment: d.sentiment, register, kind: d.kind };
}

/** Engagement counts: power-law, scaled by the author's reach. */
function count(r: Rng, scale: number): number {
  return Math.floor((pareto(r, 1, 1.3) - 1) * scale);
}

function newsItem(st: State, i: number, d: Draft): CorpusItem {
  const r = st.r;
  const outlet = d.source === 'rss' ? r.pick(RSS_OUTLETS) : r.pick(OUTLETS);
  const c = makeCtx(r, 'formal', d.region, true);
  const [headTpl, leadTpl] = r.pick(d.topic.news[d.sentiment]);
  const title = fill(headTpl, c);
  const text = outlet.dateline(d.region.capital) + fill(leadTpl, c);
  const num = String(1_000_000 + (((st.seed % 997) * 10_000_000 + i) % 9_000_000_000));
  const url = outlet.url(num, slugify(title), new Date(d.ms + WIB_MS).toISOString().slice(0, 10));
  const post: RawPostInput = {
    source: d.source,
    // RSS GUIDs are article URLs; Google News ids are opaque article tokens.
    sourceId: d.source === 'rss' ? url : `CBMi${st.seedTag}${i.toString(36).padStart(7, '0')}`,
    text,
    createdAt: isoSeconds(d.ms),
    url,
    title: d.source === 'google_news' ? `${title} - ${outlet.name}` : title,
    author: { id: outlet.key, handle: outlet.handle, name: outlet.name },
    lang: 'id',
  };
  // The dateline names the regency's capital, so news always names its region.
  return item(post, d, 'formal', true);
}

function pickAuthor(st: State): AuthorRec {
  // Activity is skewed too: a third of posts come from a small core of heavy posters.
  const u = st.r.next();
  const x = st.r.chance(0.3) ? u * u : u;
  return st.authors[Math.floor(st.authors.length * x)] ?? (st.authors[0] as AuthorRec);
}

/** Fills source-specific ids, urls, author fields and engagement around a finished text. */
function shapeSocial(st: State, i: number, d: Draft, text: string, author: AuthorRec, parent: Parent | null, lang: string): RawPostInput {
  const r = st.r;
  const createdAt = isoSeconds(d.ms);
  const scale = ((1 + Math.sqrt(author.followers) / 12) / (parent ? 3 : 1)) * (d.kind === 'burst' ? 3 : 1);
  const k = r.int(THREADS);
  let thread = parent?.thread ?? '';
  let post: RawPostInput;
  switch (d.source) {
    case 'x': {
      const id = numericId(st, i);
      const likes = count(r, scale * 2);
      const engagement = { likes, shares: Math.floor(likes * r.next() * 0.4), replies: count(r, scale * 0.5), views: likes * r.between(20, 90) + r.int(author.followers + 50) };
      post = { source: 'x', sourceId: id, text, createdAt, url: `https://x.com/${author.handle}/status/${id}`, author: { id: author.numId, handle: author.handle, name: author.name, followers: author.followers }, engagement };
      break;
    }
    case 'youtube': {
      const tag = tagId(st, i);
      // YouTube threads are flat: a reply to a reply still hangs under the top-level comment.
      const id = parent ? `${parent.sourceId.split('.')[0] ?? parent.sourceId}.${tag}` : `Ugz${tag}4AaABAg`;
      if (!parent) thread = st.threads[k] ?? '';
      post = { source: 'youtube', sourceId: id, text, createdAt, url: `https://www.youtube.com/watch?v=${thread}&lc=${id}`, author: { id: author.ytId, handle: `@${author.handle.replace(/\./g, '')}`, name: author.name }, engagement: { likes: count(r, scale), replies: parent ? 0 : count(r, 0.6) } };
      break;
    }
    case 'facebook': {
      const num = numericId(st, i);
      if (!parent) thread = st.fbPosts[k] ?? '';
      post = { source: 'facebook', sourceId: `${thread}_${num}`, text, createdAt, url: `https://www.facebook.com/${FB_PAGE}/posts/${thread}?comment_id=${num}`, author: { id: `fb${author.numId}`, name: author.name }, engagement: { likes: count(r, scale), replies: parent ? 0 : count(r, 0.5) } };
      break;
    }
    case 'instagram': {
      const id = numericId(st, i);
      if (!parent) thread = st.threads[k] ?? '';
      post = { source: 'instagram', sourceId: id, text, createdAt, url: `https://www.instagram.com/p/${thread}/c/${id}/`, author: { id: `ig${author.numId}`, handle: author.handle }, engagement: { likes: count(r, scale) } };
      break;
    }
    case 'telegram': {
      const ch = st.channels[k % st.channels.length] ?? author;
      const msg = 1000 + i;
      post = { source: 'telegram', sourceId: `${ch.handle}/${msg}`, text, createdAt, url: `https://t.me/${ch.handle}/${msg}`, author: { id: ch.handle, handle: ch.handle, name: ch.name, followers: ch.followers }, engagement: { views: Math.floor(ch.followers * (0.05 + 0.3 * r.next())) + count(r, 50) } };
      // Telegram previews carry no language; leave it for the enricher to detect.
      return post;
    }
    case 'mastodon': {
      const id = numericId(st, i);
      const inst = MASTODON_INSTANCES[author.followers % 3 === 0 ? 1 : 0] ?? 'mastodon.social';
      const acct = author.handle.replace(/\./g, '_');
      post = { source: 'mastodon', sourceId: id, text, createdAt, url: `https://${inst}/@${acct}/${id}`, author: { id: author.numId, handle: `${acct}@${inst}`, name: author.name, followers: author.followers }, engagement: { likes: count(r, scale / 2), shares: count(r, scale / 6), replies: count(r, 0.3) } };
      break;
    }
    case 'reddit': {
      const tag = tagId(st, i);
      const sub = SUBREDDITS[author.followers % 2] ?? 'indonesia';
      if (!parent) thread = tag;
      const url = parent ? `https://www.reddit.com/r/${sub}/comments/${thread}/comment/${tag}/` : `https://www.reddit.com/r/${sub}/comments/${tag}/`;
      post = { source: 'reddit', sourceId: parent ? `t1_${tag}` : `t3_${tag}`, text, createdAt, url, author: { id: `t2_${author.numId}`, handle: author.handle.replace(/\./g, '_') }, engagement: { likes: count(r, scale), replies: parent ? 0 : count(r, 1) } };
      break;
    }
    case 'bluesky': {
      const rkey = `3m${tagId(st, i).padStart(11, '2')}`;
      const handle = `${author.handle.replace(/[._]/g, '-')}.bsky.social`;
      post = { source: 'bluesky', sourceId: `at://${author.did}/app.bsky.feed.post/${rkey}`, text, createdAt, url: `https://bsky.app/profile/${handle}/post/${rkey}`, author: { id: author.did, handle, name: author.name }, engagement: { likes: count(r, scale / 2), shares: count(r, scale / 8), replies: count(r, 0.3) } };
      break;
    }
    default:
      throw new Error(`sumber bukan media sosial: ${d.source}`);
  }
  if (parent) post.replyTo = parent.sourceId;
  post.lang = lang;
  remember(st, d, post.sourceId, author, thread);
  return post;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_v, n) => String(n).padStart(2, '0'));
const dayPrefix = new Map<number, string>();

/**
 * UTC ISO string to the whole second (platforms report seconds). Same output as
 * `toISOString()`, but the date part is cached per day: formatting was the generator's hottest call.
 */
function isoSeconds(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  const sec = Math.floor((ms - day * DAY_MS) / 1000);
  return `${prefix}${TWO_DIGITS[Math.floor(sec / 3600)]}:${TWO_DIGITS[Math.floor(sec / 60) % 60]}:${TWO_DIGITS[sec % 60]}.000Z`;
}

/** 18-digit snowflake-like id, unique per (seed, index). */
function numericId(st: State, i: number): string {
  return `1${String(st.seed % 1_000_000).padStart(6, '0')}${String(i).padStart(11, '0')}`;
}

/** Short base-36 id, unique per (seed, index). */
function tagId(st: State, i: number): string {
  return `${st.seedTag}${i.toString(36).padStart(7, '0')}`;
}

function remember(st: State, d: Draft, sourceId: string, author: AuthorRec, thread: string): void {
  let ring = st.parents.get(d.source);
  if (!ring) st.parents.set(d.source, (ring = []));
  const p: Parent = { sourceId, ms: d.ms, topic: d.topic, region: d.region, sentiment: d.sentiment, handle: author.handle, thread };
  if (ring.length < PARENT_RING) ring.push(p);
  else ring[st.r.int(PARENT_RING)] = p;
}

function socialItem(st: State, i: number, d: Draft, parent: Parent | null): CorpusItem {
  const r = st.r;
  const author = pickAuthor(st);
  if (!parent && ENGLISH_OK.has(d.source) && r.chance(0.03)) {
    const en = r.pick(ENGLISH);
    const c = makeCtx(r, 'english', d.region, false);
    const draft: Draft = { ...d, topic: TOPIC_BY_KEY.get(en.topic) ?? d.topic, sentiment: en.sentiment };
    const text = fill(en.text, c);
    return item(shapeSocial(st, i, draft, text, author, null, 'en'), draft, 'english', c.mentioned);
  }
  const reg = socialRegister(r, d.source);
  const c = makeCtx(r, reg, d.region, false);
  let reply: string | null = null;
  if (parent) reply = d.source === 'x' && r.chance(0.5) ? `@${parent.handle} ` : r.pick(REPLY_OPEN[reg]);
  let text = socialText(r, c, d.topic, d.sentiment, reg, reply);
  if (!parent && (d.source === 'x' || d.source === 'instagram' || d.source === 'mastodon' || d.source === 'bluesky')) {
    if (r.chance(0.08)) text = r.chance(0.5) ? `${r.pick(OFFICE_MENTIONS)} ${text}` : `${text} ${r.pick(OFFICE_MENTIONS)}`;
    if (r.chance(0.1)) {
      const tag = r.pick(['Sumsel', 'Palembang', d.region.short.replace(/\s+/g, '')]);
      if (tag !== 'Sumsel') c.mentioned = true;
      text += ` #${tag}`;
    }
  }
  if (reg === 'slang' && d.sentiment !== 'negative' && r.chance(0.04)) text += ' wkwk';
  return item(shapeSocial(st, i, d, text, author, parent, 'id'), d, reg, c.mentioned);
}

function buzzerItem(st: State, i: number, camp: ActiveCampaign): CorpusItem {
  const r = st.r;
  // A campaign near the window's end is cut short rather than piled onto its last instant.
  const ms = camp.startMs + r.int(Math.min(camp.durationMs, st.window.endMs - camp.startMs));
  const source: CorpusSource = r.chance(0.75) ? 'x' : r.chance(0.6) ? 'instagram' : 'facebook';
  const topic = TOPIC_BY_KEY.get(camp.topic) ?? TOPICS[0];
  const d: Draft = { source, topic, region: camp.region, sentiment: 'positive', ms, kind: 'buzzer' };
  const text = `${r.pick(CAMPAIGN_PREFIX)}${camp.text}${r.pick(CAMPAIGN_SUFFIX)}`;
  return item(shapeSocial(st, i, d, text, r.pick(st.buzzers), null, 'id'), d, 'standard', camp.regionMentioned);
}

function nextItem(st: State, i: number): CorpusItem {
  const r = st.r;
  const w = st.window;
  const u = r.next();
  if (u < BUZZER_SHARE && st.campaigns.length > 0) return buzzerItem(st, i, r.pick(st.campaigns));

  let burst: ActiveBurst | undefined;
  let acc = BUZZER_SHARE;
  for (const b of st.bursts) {
    acc += b.spec.share;
    if (u < acc) {
      burst = b;
      break;
    }
  }
  const source = CORPUS_SOURCES[pickIndex(r, SOURCE_CDF)] ?? 'x';
  const isNews = source === 'rss' || source === 'google_news';

  if (!burst && !isNews && REPLYABLE.has(source) && r.chance(REPLY_RATE)) {
    const ring = st.parents.get(source);
    if (ring && ring.length > 0) {
      const parent = r.pick(ring);
      // Replies come minutes to hours after their parent, never past the window.
      const ms = parent.ms + r.int(Math.min(r.between(2, 600) * 60_000, w.endMs - parent.ms));
      const sentiment = r.chance(0.6) ? parent.sentiment : pickSentiment(r);
      return socialItem(st, i, { source, topic: parent.topic, region: parent.region, sentiment, ms, kind: 'reply' }, parent);
    }
  }

  let d: Draft;
  if (burst) {
    // Exponential decay after the incident: most talk in the first hours, a tail into the next day.
    let ms = burst.startMs + Math.floor(-Math.log(1 - r.next()) * 5 * HOUR_MS);
    if (ms >= w.endMs) ms = organicTime(w, r);
    const sentiment = SENTIMENTS[pickIndex(r, BURST_SENTIMENT_CDF)] ?? 'negative';
    d = { source, topic: burst.spec.topic, region: pickRegion(r, burst.spec.regions, 1), sentiment, ms, kind: 'burst' };
  } else {
    const topic: TopicSpec = TOPICS[pickIndex(r, TOPIC_CDF)] ?? TOPICS[0];
    d = { source, topic, region: pickRegion(r, topic.regions, topic.regionBias ?? 0), sentiment: pickSentiment(r), ms: organicTime(w, r), kind: 'organic' };
  }
  return isNews ? newsItem(st, i, d) : socialItem(st, i, d, null);
}

// ─── Public API ──────────────────────────────────────────────────────────────────────────────

/** Posts with the generator's intent (topic, region, sentiment, register, kind), streamed. */
export function* iterateCorpus(options: CorpusOptions): Generator<CorpusItem, void, undefined> {
  const opts = CorpusOptions.parse(options);
  const st = createState(opts);
  for (let i = 0; i < opts.count; i++) yield nextItem(st, i);
}

/** The same sequence as `generatePosts`, without holding it in memory (1M-post benches). */
export function* iteratePosts(options: CorpusOptions): Generator<RawPostInput, void, undefined> {
  for (const it of iterateCorpus(options)) yield it.post;
}

export function generatePosts(options: CorpusOptions): RawPostInput[] {
  const out: RawPostInput[] = [];
  for (const it of iterateCorpus(options)) out.push(it.post);
  return out;
}
