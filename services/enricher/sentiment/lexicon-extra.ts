/**
 * In-house Indonesian sentiment lexicon, layered over the AFINN-ID seed from @nlpjs/lang-id.
 * Weights use the AFINN scale (-5..5). Multi-word entries are phrases (matched on whole tokens).
 *
 * NOTE: the seed is a machine translation of English AFINN and has wrong signs for common
 * Indonesian words (lancar -2, hebat -3, berhasil -2, hati +5 …). `SEED_OVERRIDES` corrects them;
 * the other groups add what the seed lacks. Words that only modify a neighbour (tidak, sangat,
 * kurang, cukup …) are removed from the lexicon in analyzer.ts, never scored themselves.
 */

/** Corrections to the AFINN-ID seed: wrong sign, or a neutral word that carried a score. */
export const SEED_OVERRIDES: Readonly<Record<string, number>> = {
  lancar: 2, hebat: 3, berhasil: 2, diperbaiki: 1, dicintai: 2, bersemangat: 2, 'bertanggung jawab': 2,
  orisinal: 1, licik: -2, egois: -2, cerdik: 1, pedih: -2, licin: 0, merendahkan: -2, membebaskan: 1,
  hati: 0, besar: 0, keras: 0, ketat: 0, hal: 0, jenis: 0, berikut: 0, lagu: 0, irama: 0, karya: 1, kapal: 0,
  hujan: 0, emas: 0, alam: 0, bunga: 0, muda: 0, padat: 0, akibat: -1, dilakukan: 0, kalimat: 0, panggilan: 0,
  mode: 0, kios: 0, kacamata: 0, pengunjung: 0, diskon: 1, mengerti: 0, dimengerti: 0, menyadari: 0,
  memberitahukan: 0, heran: -1, geli: 0, pedas: 0, lunak: 0, mengeras: 0, membeku: 0, pemadat: 0,
  mencengkeram: 0, mengakui: 0, melakukan: 0, mengambil: 0, keluar: 0, habis: -1, naik: 0, kebetulan: 0,
  harapan: 1, berharap: 1, janji: 0, bersama: 0, hidup: 0, hukum: 0, ikut: 0, diberikan: 0, penting: 0,
  pentingnya: 0, kepentingan: 0, kuasa: 0, mendapatkan: 0, diperoleh: 0, menyimpan: 0, disimpan: 0, menerima: 0,
  diterima: 0, kualitas: 1, aman: 2, hore: 3, hiburan: 2, masalah: -2, biaya: 0, isa: 0, bayak: 0, lela: 0,
  'di mana-mana': 0, bergantung: 0, melit: 0, mimpi: 0, allah: 0, iman: 0,
  kambing: 0, lawan: -1, menyeret: 0, membuka: 0, membayar: 0, menanti: 0, ditunggu: 0, menunggu: -1,
  berjuang: 1, bersaing: 0, batas: 0, blok: 0, hack: 0, kanker: -2, monopolinya: -2, menghilangkan: 0,
  pemukiman: 0, mengembang: 0, meluas: 0, luas: 1, kepercayaan: 1, novel: 0, muntah: -3, menyerang: -2,
  lebih: 0, bersih: 2,
  hilang: -1, terima: 0, sekali: 0, sangat: 0, agak: 0, tidak: 0, kurang: 0, cukup: 0, ya: 0, seperti: 0,
  pas: 0, agung: 0, menang: 2, kemenangan: 2, sosial: 0, nyata: 0, lurus: 0, teman: 0, wajib: 1, tergantung: 0,
  menimbulkan: -1, meninggalkan: -1, menjatuhkan: 0, ingin: 0, unggul: 1, disambut: 0, memastikan: 0,
  sederhana: 0, jatuh: -1, 'jatuh hati': 3, sayang: 0, 'sayang sekali': -2, sengaja: 0, matang: 0,
  ditingkatkan: 0, mempertahankan: 0, berisi: 0, terkenal: 1, berani: 1, berarti: 0, dibenarkan: 0,
  terhormat: 0, menahan: 0, semoga: 1, munafik: -3, menghargai: 2,
};

/** Everyday evaluative words the seed lacks, weighted for reviews and public comment. */
export const GENERAL: Readonly<Record<string, number>> = {
  enak: 3, 'tidak enak': -3, murah: 1, terjangkau: 2, ramah: 3, 'kurang ramah': -2, nyaman: 3, puas: 3,
  memuaskan: 3, kecewa: -3, dikecewakan: -3, lambat: -2, lama: -1, 'lama sekali': -2, lezat: 3, nikmat: 3,
  mantap: 3, suka: 2, senang: 3, gembira: 3, sedih: -3, terbaik: 3, rekomendasi: 2, direkomendasikan: 3,
  recommended: 3, recommend: 3, rekomended: 3, worth: 2, 'worth it': 3, 'the best': 3, favorit: 2, asik: 2,
  asyik: 2, seru: 2, empuk: 2, renyah: 2, gurih: 2, segar: 2, harum: 2, wangi: 2, sejuk: 2, rapi: 2, strategis: 2,
  bersih: 2, lengkap: 1, luas: 1, lapang: 1, sempit: -1, sumpek: -2, pengap: -2, kotor: -3, jorok: -3, bau: -2,
  amis: -2, basi: -3, hambar: -2, keasinan: -2, alot: -2, berminyak: -1, mahal: -2, kemahalan: -2,
  overprice: -3, overpriced: -3, judes: -3, jutek: -3, cuek: -2, sombong: -2, kasar: -3, galak: -2, ketus: -2,
  sopan: 2, santun: 2, sabar: 2, profesional: 2, informatif: 2, membantu: 2, bermanfaat: 2, berguna: 2,
  mengecewakan: -3, menyesal: -3, kapok: -3, rugi: -3, merugikan: -3, parah: -2, buruk: -3, jelek: -3,
  payah: -3, ancur: -3, hancur: -3, berantakan: -2, kacau: -3, ribet: -2, repot: -2, susah: -2, sulit: -2,
  mudah: 2, gampang: 1, praktis: 2, cepat: 2, tepat: 1, 'tepat waktu': 2, ramai: 0, sepi: -1, tenang: 2,
  damai: 2, indah: 3, cantik: 3, bagus: 3, baik: 2, keren: 3, lucu: 2, unik: 2, menarik: 2, istimewa: 3,
  spesial: 2, juara: 3, top: 2, oke: 1, ok: 1, okay: 1, sip: 2, lumayan: 1, standar: 0, biasa: 0,
  'biasa saja': -1, mengesankan: 3, 'luar biasa': 4, sukses: 3, berkualitas: 2, 'tidak sesuai': -2,
  sesuai: 1, cocok: 2, pas: 1, gagal: -3, salah: -2, bohong: -3, tipu: -3, penipuan: -4, ditipu: -3,
  marah: -3, kesal: -3, kesel: -3, jengkel: -3, benci: -3, muak: -3, bosan: -2, capek: -2, lelah: -2, takut: -2,
  khawatir: -2, cemas: -2, bingung: -2, malu: -2, kasihan: -2, prihatin: -2, miris: -3, untung: 2, beruntung: 2, bahagia: 3, cinta: 3, kangen: 1, rindu: 1, lega: 2, bangga: 3,
  salut: 3, sedap: 3, gagah: 2, megah: 2, ganteng: 2, rusak: -3, bocor: -2, retak: -2, mogok: -2, macet: -2,
  antre: -1, antri: -1, antrian: -1, antrean: -1, penuh: 0, sesak: -2, panas: -1, gerah: -2, kecil: 0,
  dingin: 0, hangat: 1, lelet: -3, lemot: -3, lemah: -2, telat: -2, terlambat: -2, mangkrak: -3,
  terbengkalai: -3, kumuh: -3, semrawut: -3, terlantar: -3, sia: 0, percuma: -3, 'sia sia': -3, 'sia-sia': -3,
  nihil: -2, mantul: 3, joss: 3, jos: 3, mantab: 3, kece: 2, cakep: 2, nagih: 2, 'bikin nagih': 3, gokil: 1,
  bagusnya: 2, enaknya: 2, lezatnya: 3, ramahnya: 3, nyamannya: 3, cepet: 2, gratis: 1, promo: 1, hemat: 2,
  layak: 2, 'tidak layak': -3, 'tidak manusiawi': -3, aneh: -2, ngeri: -2, seram: -1, serem: -1, mengerikan: -3,
  sadis: -3, kejam: -3, tega: -3, keji: -3, biadab: -4, bejat: -4, bejad: -4, cabul: -4, mencabuli: -4,
  zalim: -4, zholim: -4, dzolim: -4, brengsek: -4, bangsat: -4, anjing: -3, bodoh: -3, goblok: -4, tolol: -4,
  bego: -3, dungu: -3, idiot: -3, sampah: -2, menjijikkan: -3, busuk: -3,
  // Review vocabulary (the SmSA dev/train domain is mostly food and venue reviews).
  ketagihan: 3, terenak: 3, menggugah: 2, yummy: 3, berkesan: 3, terbayar: 2, terbayarkan: 2, komplet: 1,
  komplit: 1, lumayanlah: 1, sepuas: 1, jempol: 3, beragam: 1, bermacam: 1, 'bermacam-macam': 1, bervariasi: 1,
  variatif: 1, menakjubkan: 3, berkelas: 2, andalan: 2, santai: 2, bravo: 3, dijamin: 2, juicy: 2, kelezatan: 3,
  menawan: 3, markotop: 3, tertata: 2, maknyus: 3, memadai: 1, romantis: 2, mengenyangkan: 2, menyenangkan: 3,
  menyegarkan: 2, asri: 2, sempurna: 3, kenyang: 1, betah: 2, alami: 1, legendaris: 2, memanjakan: 2,
  meresap: 2, 'ramah-ramah': 3, adem: 2, bersahabat: 2, setimpal: 2, sepadan: 2, otentik: 1, kekinian: 1,
  garing: 1, lembut: 2, rindang: 2, enaklah: 3, 'enak-enak': 3, okelah: 1, disarankan: 2, dianjurkan: 2,
  rekomendasikan: 3, kenyal: 1, patut: 1, cozy: 2, nice: 2, good: 2, great: 3, delicious: 3, tasty: 3, wow: 2,
  bersyukur: 2, alhamdulillah: 2, meriah: 2, mewah: 2, elegan: 2, anyep: -2,
  // Complaint and insult vocabulary common in comments.
  sesat: -3, tenggelamkan: -2, musnahkan: -3, bubarkan: -2, iblis: -3, bacot: -3, sok: -2,
  komplain: -2, setan: -2, melulu: -1, maling: -3, kampungan: -3, fitnah: -3, cupu: -2, galau: -2, jenuh: -2,
  penakut: -2, kelakuan: -1, diwaspadai: -1, malah: -1, doang: -1, dasar: -1, 'gara-gara': -1, bermutu: 2,
  pecat: -2, sepihak: -2, pantas: 1, ngaca: -1, afdol: 2, lemes: -1,
};

/**
 * News events and topics: words that name what happened, not what the writer thinks of it. SmSA and
 * Humas both call "Kejati tetapkan tersangka korupsi" or "siaga darurat asap" neutral news, so these
 * carry no lexicon weight (the seed's are zeroed); the model learns them from data, and the evaluative
 * words around them ("muak", "dibiarkan") decide a complaint. ("gizi buruk" keeps a mild weight below: a
 * zero would drop the phrase and leave "buruk" to score alone.)
 */
const EVENT_WORDS: readonly string[] = [
  'banjir', 'kebanjiran', 'tergenang', 'terendam', 'longsor', 'ambruk', 'terdampak', 'korban', 'tewas', 'meninggal',
  'mayat', 'stunting', 'keracunan', 'kabut', 'kabut asap', 'darurat asap', 'karhutla', 'api', 'terbakar',
  'kebakaran', 'begal', 'pembegalan', 'pencurian', 'perampokan', 'pembunuhan', 'tawuran', 'narkoba', 'sabu', 'kerusuhan',
  'ricuh', 'bentrok', 'korupsi', 'dikorupsi', 'suap', 'gratifikasi', 'politik uang', 'tersangka', 'dugaan', 'pelaku',
];

/** Government and public-service vocabulary: praise and complaint Humas cares about. */
export const PUBLIC_SERVICE: Readonly<Record<string, number>> = {
  pungli: -4, 'pungutan liar': -4, koruptor: -4, nepotisme: -3,
  kkn: -3, penyelewengan: -3, 'mark up': -2, mangkir: -2, padam: -2, 'mati lampu': -2, 'listrik padam': -3,
  'air mati': -2, berlubang: -2, 'jalan rusak': -3, 'rusak parah': -4, ambles: -2, amblas: -2,
  'terima kasih': 2, 'terimakasih': 2, apresiasi: 3,
  mengapresiasi: 3, sigap: 3, tanggap: 2, 'cepat tanggap': 3, responsif: 3, 'gerak cepat': 3, gercep: 3,
  transparan: 2, akuntabel: 2, amanah: 3, jujur: 2, adil: 2, merakyat: 3, peduli: 2, kepedulian: 2,
  'turun langsung': 2, tuntas: 2, dituntaskan: 2, solusi: 2, berkomitmen: 1, komitmen: 1, prestasi: 3,
  penghargaan: 2, meraih: 2, membanggakan: 3, maju: 2, kemajuan: 2, berkembang: 1, meningkat: 1, sejahtera: 3,
  kesejahteraan: 2, ditindak: 1, ditangkap: -1, diabaikan: -3, dibiarkan: -2, abai: -3, lalai: -3, kelalaian: -3,
  lamban: -3, 'tidak becus': -4, becus: 2, 'tidak jelas': -2, berbelit: -3, 'berbelit belit': -3,
  'dipersulit': -3, mempersulit: -3, 'tebang pilih': -3, arogan: -3, semena: -3, 'semena mena': -4,
  pencitraan: -3, omdo: -3, 'omong doang': -3, 'omong kosong': -3, php: -3, 'pemberi harapan palsu': -3,
  'janji palsu': -3, 'janji manis': -2, hoaks: -2, hoax: -2, keluhan: -2, mengeluh: -2, keluh: -2, protes: -2,
  kecewakan: -3, mengecam: -3, kecam: -3, kritik: -1, menuntut: -1, demo: -1, unjuk: 0, kelangkaan: -3,
  langka: -2, melonjak: -2, mencekik: -3, anjlok: -3, merosot: -2, polusi: -3, pencemaran: -3, tercemar: -3,
  'tidak ada': -1, dukung: 2, mendukung: 2,
  // Complaint and praise verbs of public comment and local news.
  mengeluhkan: -2, dikeluhkan: -2, resah: -2, meresahkan: -3, keresahan: -2, kewalahan: -2,
  'sesak napas': -2, mengular: -1, 'berjam-jam': -1, 'tepat sasaran': 2, 'gizi buruk': -1,
  antusias: 2, optimistis: 2, optimis: 2, pesimis: -2, pesimistis: -2,
  dukungan: 2, bantuan: 1, membantu: 2, terbantu: 3, dibantu: 2, diperhatikan: 2, perhatian: 1, selamat: 2,
  'semoga sukses': 2, bermanfaat: 2, tertib: 2, kondusif: 2, lestari: 2,
  ...Object.fromEntries(EVENT_WORDS.map((w) => [w, 0])),
};

/** Internet slang (national). Negations and intensifiers are normalised in normalise.ts instead. */
export const SLANG: Readonly<Record<string, number>> = {
  kzl: -3, kesal: -3, bete: -2, bt: -2, ilfeel: -2, ilfil: -2, zonk: -3, ampas: -3, anjlok: -3, nyesel: -3,
  nyesal: -3, ngenes: -3, apes: -2, sial: -3, sialan: -3, bodo: -2, kampret: -3, asu: -3, taik: -4, tai: -4,
  wtf: -3, mantep: 3, mantaap: 3, mantapp: 3, goks: 1, uenak: 3, maknyus: 3,
  endul: 3, enyak: 3, ajib: 3, josss: 3, kerenn: 3, bagoes: 3, bgus: 3, thanks: 2, thank: 2, tq: 2, thx: 2,
  makasih: 2, makasi: 2, mksh: 2, trims: 2, tengkyu: 2, love: 3, 'gaje': -1, lebay: -2, alay: -1, norak: -2,
  receh: -1, hedeh: -2, 'ya ampun': -1, astaga: -2, 'astagfirullah': -2, astaghfirullah: -2,
  'ai dah': -2, duh: -1, aduh: -2, waduh: -2, haduh: -2, hadeh: -2, hadeuh: -2, huft: -2,
  wkwk: 0, wkwkwk: 0, haha: 0, hehe: 0, 'ha ha': 0, lol: 0, 'ha ha ha': 0, hahahah: 0, anjir: 0, anjay: 0,
  njir: 0, ngaret: -2, 'molor': -2,
};

/** Palembang dialect (domain.md B4). `dak`/`idak` and `nian` are handled in normalise.ts. */
export const PALEMBANG: Readonly<Record<string, number>> = {
  lemak: 3, 'lemak nian': 0, bongok: -3, mudike: -3, getabasa: -2, balak: -2, begoco: -2, mokaseh: 2,
  kelaso: 0, 'galak nian': 0, ngecek: 0, nyenyes: -2, pelak: -2, kesian: -2, ngeleter: -2, pacak: 1,
};

/** Emoji weights for how they are used in Indonesian comments; they override the package's list. */
export const EMOJI: Readonly<Record<string, number>> = {
  '👍': 2, '👍🏻': 2, '🙏': 1, '👏': 1, '😊': 2, '🥰': 3, '😍': 3, '❤': 3, '💖': 3, '💪': 2, '🔥': 1, '🎉': 2,
  '😂': 0, '🤣': 0, '😅': 0, '😁': 1, '😄': 2, '😀': 2, '🤩': 3, '👌': 2, '💯': 2, '✅': 1,
  '😡': -3, '🤬': -4, '😠': -3, '😤': -2, '😭': -2, '😢': -2, '😞': -2, '😔': -2, '😩': -2, '😫': -2,
  '😒': -2, '🙄': -2, '👎': -3, '💩': -3, '🤮': -3, '🤢': -2, '🤦': -2, '😱': -2, '😰': -2, '🥺': -1,
  '💔': -3, '😑': -1, '😐': 0, '🤔': 0, '😷': -1, '🚨': -1, '❌': -1, '⛔': -1, '🙈': 0, '😏': -1,
};
