import { Command, Option } from 'commander';
import { ConfigError } from '../lib/config';
import { describeError } from '../lib/errors';
import { runCommand } from './run';
import { serviceCommand } from './service';
import { importCommand } from './import';
import { searchCommand } from './search';
import { evalSentimentCommand } from './eval';
import { evalTagsCommand } from './eval-tags';
import { reenrichCommand } from './reenrich';
import { trainCommand } from './train';
import { alertsEvaluateCommand, alertsRulesCommand } from './alerts';
import { reportWeeklyCommand } from './report';
import { userAddCommand, userListCommand, userPasswdCommand, userTokenCommand } from './user';

/**
 * `dengar` — the one command line. Contracts in design.md: scripts and people depend on the
 * command names, flags and the JSON they print.
 */
const program = new Command()
  .name('dengar')
  .description('Dengar — social listening dan analisis sentimen untuk Humas Pemprov Sumatera Selatan')
  .showHelpAfterError();

program
  .command('run')
  .description('Menjalankan semuanya dalam satu proses (kolektor, enricher, indexer, API)')
  .option('--port <port>', 'port HTTP (bawaan: PORT atau 8080)')
  .action((opts: { port?: string }) => runCommand(opts));

program
  .command('service')
  .description('Menjalankan satu layanan per proses (mode terdistribusi): collector, enricher, indexer, api, alerter, reporter')
  .argument('<name>', 'collector | enricher | indexer | api | alerter | reporter')
  .option('--port <port>', 'port HTTP untuk /healthz dan /readyz (bawaan: PORT atau 8080)')
  .action((name: string, opts: { port?: string }) => serviceCommand(name, opts));

program
  .command('import')
  .description('Mengimpor pos dari berkas JSONL/CSV (atau - untuk stdin) melalui pipeline ke penyimpanan')
  .argument('<file>', 'berkas .jsonl, .csv, atau - (stdin)')
  .addOption(new Option('--format <format>', 'format berkas').choices(['jsonl', 'csv']))
  .option('--json', 'cetak {"imported":N,"rejected":M} di stdout')
  .action((file: string, opts: { format?: 'jsonl' | 'csv'; json?: boolean }) => importCommand(file, opts));

program
  .command('search')
  .description('Mencari pos dengan bahasa kueri analis')
  .argument('<query>', 'kueri, mis. \'banjir DAN (palembang ATAU "ogan ilir") -hoaks\'')
  .option('--from <date>', 'mulai (YYYY-MM-DD WIB atau ISO)')
  .option('--to <date>', 'sampai (YYYY-MM-DD WIB, inklusif, atau ISO)')
  .option('--sentiment <label>', 'positif | negatif | netral')
  .option('--topic <topic>')
  .option('--region <region>')
  .option('--source <source>')
  .option('--page <n>', 'halaman', '1')
  .option('--size <n>', 'hasil per halaman', '20')
  .option('--json', 'cetak hasil sebagai JSON')
  .action((query: string, opts: Record<string, string | boolean | undefined>) => searchCommand(query, opts));

const evalCmd = program.command('eval').description('Mengukur kualitas');
evalCmd
  .command('sentiment')
  .description('Mengukur sentimen pada berkas JSONL berlabel {"text","label"}')
  .argument('<file>')
  .option('--json', 'cetak hasil sebagai JSON')
  .action((file: string, opts: { json?: boolean }) => evalSentimentCommand(file, opts));
evalCmd
  .command('tags')
  .description('Presisi/recall/F1 per topik dan per wilayah pada berkas JSONL {"text","topics","regions"}')
  .argument('[file]', 'bawaan: tests/fixtures/tags/tags-eval.jsonl')
  .option('--json', 'cetak hasil sebagai JSON')
  .action((file: string | undefined, opts: { json?: boolean }) => evalTagsCommand(file, opts));

program
  .command('train')
  .description('Melatih ulang model sentimen dengan data SmSA + koreksi analis')
  .option('--out <file>', 'berkas model (bawaan: models/sentiment-id.json)')
  .option('--train <file>', 'data latih JSONL (bawaan: ../shared/data/sentiment/train.jsonl)')
  .option('--dev <file>', 'data dev JSONL (bawaan: ../shared/data/sentiment/dev.jsonl)')
  .option('--json', 'cetak ringkasan sebagai JSON')
  .action((opts: { out?: string; train?: string; dev?: string; json?: boolean }) => trainCommand(opts));

program
  .command('reenrich')
  .description('Menilai ulang pos tersimpan sejak tanggal tertentu dengan enricher saat ini (koreksi analis tetap berlaku)')
  .requiredOption('--since <date>', 'YYYY-MM-DD (WIB) atau waktu ISO')
  .option('--model <file>', 'berkas model (bawaan: models/sentiment-id.json)')
  .option('--json', 'cetak {"rescored":N,"changed":M}')
  .action((opts: { since: string; model?: string; json?: boolean }) => reenrichCommand(opts));

program
  .command('report')
  .description('Laporan untuk pimpinan')
  .command('weekly')
  .description('Laporan mingguan (PDF + XLSX) untuk satu minggu ISO (WIB)')
  .option('--week <YYYY-Www>', 'minggu ISO, mis. 2026-W47 (bawaan: minggu lalu)')
  .requiredOption('--out <dir>', 'folder tujuan berkas')
  .option('--send', 'kirim juga lewat surel ke DENGAR_REPORT_RECIPIENTS')
  .option('--json', 'cetak hasil sebagai JSON')
  .action((opts: { week?: string; out: string; send?: boolean; json?: boolean }) => reportWeeklyCommand(opts));

const alerts = program.command('alerts').description('Peringatan lonjakan percakapan negatif');
alerts
  .command('evaluate')
  .description('Menjalankan satu evaluasi sekarang dan mencetak peringatan yang dibuat')
  .option('--at <time>', 'waktu evaluasi (ISO-8601 dengan zona; bawaan: sekarang)')
  .option('--json', 'cetak sebagai larik JSON')
  .action((opts: { at?: string; json?: boolean }) => alertsEvaluateCommand(opts));
alerts
  .command('rules')
  .description('Daftar aturan peringatan (aturan bawaan dibuat saat pertama dipakai)')
  .option('--json', 'cetak sebagai JSON')
  .action((opts: { json?: boolean }) => alertsRulesCommand(opts));

const user = program.command('user').description('Mengelola akun aplikasi web (peran: viewer, analyst, admin)');
user
  .command('add')
  .description('Menambah akun; kata sandi dari DENGAR_USER_PASSWORD, prompt, atau baris pertama stdin')
  .argument('<username>')
  .requiredOption('--role <role>', 'viewer | analyst | admin')
  .action((username: string, opts: { role: string }) => userAddCommand(username, opts));
user
  .command('list')
  .description('Daftar akun')
  .option('--json', 'cetak sebagai JSON')
  .action((opts: { json?: boolean }) => userListCommand(opts));
user
  .command('passwd')
  .description('Mengganti kata sandi akun')
  .argument('<username>')
  .action((username: string) => userPasswdCommand(username));
user
  .command('token')
  .description('Membuat token API untuk skrip (ditampilkan sekali)')
  .argument('<username>')
  .argument('<name>', 'nama token, mis. "ekspor-harian"')
  .action((username: string, name: string) => userTokenCommand(username, name));

program.parseAsync(process.argv).catch((err: unknown) => {
  // Boot and usage errors: one clear line, no stack.
  process.stderr.write(`dengar: ${err instanceof ConfigError ? err.message : describeError(err)}\n`);
  process.exitCode = err instanceof ConfigError ? 78 : 1;
});
