/**
 * Dengar in distributed mode as real processes: each service is `node bin/dengar.js service <name>`
 * from dist/ on its own port (PORT=0, the address is read from its start line), all on one topic
 * prefix so a test has fresh topics. Only the indexer's data dir holds the posts (SQLite); the
 * enrichers get their own dirs, which stay empty. Witnesses are independent of the services: the
 * SQLite file itself, the broker's offsets, and ledgers fed by the test's own consumer groups.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { z } from 'zod';
import { iteratePosts } from '../../../bench/corpus';
import { createKafkaBus, type KafkaBus } from '../../../lib/bus/kafka';
import type { BusMessage } from '../../../lib/bus/bus';
import { postId } from '../../../lib/ids';
import { createLogger } from '../../../lib/logger';
import type { RawPostInput } from '../../../schemas';
import { dengar, storedIds, type Run } from '../../fixtures/cli';
import { Ledger } from './ledger';
import { waitFor } from '../../fixtures/wait-for';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
/** Partitions of every test topic: services and the test's own clients must agree (topics are made by whoever comes first). */
export const PARTITIONS = 6;
/** The services' fixed consumer groups (services/enricher/app.ts, services/indexer/app.ts). */
/** The services' consumer groups carry the topic prefix (lib/runtime.ts groupId). */
export const groupOf = (prefix: string, service: 'enricher' | 'indexer'): string => `${prefix}${service}`;

const CORPUS = { seed: 3, start: new Date('2026-10-01T00:00:00+07:00'), days: 30 };

/** Posts [from, from + count) of the seeded corpus: the same slice always has the same ids. */
export function corpusPosts(from: number, count: number): RawPostInput[] {
  const out: RawPostInput[] = [];
  let i = 0;
  for (const post of iteratePosts({ ...CORPUS, count: from + count })) if (i++ >= from) out.push(post);
  return out;
}

export const idsOf = (posts: RawPostInput[]): string[] => posts.map((p) => postId(p.source, p.sourceId));

// ─── /readyz, parsed at the boundary ─────────────────────────────────────────────────────────

const BusCheck = z.object({ ok: z.boolean(), details: z.record(z.string(), z.unknown()) });
// `details` is empty when the service's health check itself failed (e.g. the broker is away).
const Counters = z.object({ lag: z.number().nullable().optional() }).catchall(z.unknown());
const ServiceCheck = z.object({ status: z.enum(['ok', 'degraded', 'error']), details: Counters });
export const Readyz = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ bus: BusCheck.optional(), enricher: ServiceCheck.optional(), indexer: ServiceCheck.optional() }).catchall(z.unknown()),
});
export type Readyz = z.infer<typeof Readyz>;

export interface ServiceProcess {
  readonly name: string;
  readonly run: Run;
  readonly url: string;
  /** GET /readyz; `timeoutMs` is generous because with the broker away the lag lookups retry for a while. */
  readyz(timeoutMs?: number): Promise<{ httpStatus: number; body: Readyz }>;
  /** Partitions of its last consumer-group join, from its own log (empty before the first join). */
  partitions(): number[];
  /** A counter of the service's health details (`enriched`, `stored` …). */
  counter(name: string): Promise<number>;
}

interface LogLine {
  msg?: string;
  partitions?: number[];
}

function logLines(run: Run): LogLine[] {
  const out: LogLine[] = [];
  for (const line of run.stdout().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as LogLine);
    } catch {
      // a line still being written
    }
  }
  return out;
}

/** One test's distributed Dengar: its processes, topics, temp dirs, and its own bus for witnesses. */
export class PipelineCluster {
  readonly prefix: string;
  readonly root: string;
  /** The indexer's DENGAR_DATA_DIR: the SQLite file every indexer process of this test writes. */
  readonly storeDir: string;
  private readonly processes: ServiceProcess[] = [];
  private witnessBus: KafkaBus | null = null;
  private admin: Admin | null = null;
  private imports = 0;

  constructor(name: string) {
    this.prefix = `it${Date.now().toString(36)}-${randomUUID().slice(0, 6)}-${name}.`;
    this.root = mkdtempSync(path.join(os.tmpdir(), `dengar-${name}-`));
    this.storeDir = path.join(this.root, 'store');
  }

  /** Environment every Dengar process of this cluster shares. */
  env(dataDir: string, clientId: string): Record<string, string> {
    return {
      DENGAR_BUS: 'kafka',
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_PARTITIONS: String(PARTITIONS),
      KAFKA_CLIENT_ID: clientId,
      DENGAR_TOPIC_PREFIX: this.prefix,
      DENGAR_STORE: 'sqlite',
      DENGAR_DATA_DIR: dataDir,
      DENGAR_COLLECT: 'false',
      PORT: '0',
      LOG_LEVEL: 'info',
    };
  }

  /** Start `dengar service <role>` and wait until it listens and /readyz says ready. */
  async start(role: 'enricher' | 'indexer', name: string = role): Promise<ServiceProcess> {
    const dataDir = role === 'indexer' ? this.storeDir : path.join(this.root, name);
    mkdirSync(dataDir, { recursive: true });
    const run = dengar(['service', role], this.env(dataDir, name));
    const url = await waitFor(() => {
      if (run.child.exitCode !== null) throw new Error(`${name} exited ${run.child.exitCode}: ${run.stderr()}`);
      return /kesehatan di (http:\/\/[\d.:[\]]+)\/readyz/.exec(run.stderr())?.[1];
    }, { what: `${name} prints its address`, timeoutMs: 60_000 });
    const readyz = async (timeoutMs = 10_000) => {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
      return { httpStatus: res.status, body: Readyz.parse(await res.json()) };
    };
    const service: ServiceProcess = {
      name,
      run,
      url,
      readyz,
      partitions: () => logLines(run).filter((l) => l.msg === 'consumer_joined').pop()?.partitions ?? [],
      counter: async (counter) => {
        const check = (await readyz()).body.checks[role];
        const value = check?.details[counter];
        if (typeof value !== 'number') throw new Error(`${name}: /readyz tanpa ${role}.details.${counter}`);
        return value;
      },
    };
    this.processes.push(service);
    await waitFor(async () => (await readyz()).httpStatus === 200, { what: `${name} ready`, timeoutMs: 60_000 });
    return service;
  }

  /** `dengar import <file> --json` (in kafka mode it only publishes to posts.raw); resolves with its totals. */
  async import(posts: RawPostInput[]): Promise<{ imported: number; rejected: number }> {
    const file = path.join(this.root, `import-${++this.imports}.jsonl`);
    writeFileSync(file, `${posts.map((p) => JSON.stringify(p)).join('\n')}\n`);
    const dataDir = path.join(this.root, `importer-${this.imports}`);
    mkdirSync(dataDir, { recursive: true });
    const run = dengar(['import', file, '--json'], this.env(dataDir, `importer-${this.imports}`));
    const { code } = await run.exited;
    if (code !== 0) throw new Error(`dengar import keluar dengan ${code}: ${run.stderr()}`);
    return z.object({ imported: z.number(), rejected: z.number() }).parse(JSON.parse(run.stdout().trim().split('\n').pop() ?? ''));
  }

  storedIds(): string[] {
    return storedIds(this.storeDir);
  }

  /** Rows in the indexer's SQLite file, read by a separate connection (cheap enough to poll). */
  storedCount(): number {
    const file = path.join(this.storeDir, 'dengar.db');
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch {
      return 0; // the indexer has not created it yet
    }
    try {
      db.pragma('busy_timeout = 5000');
      const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'posts'").get();
      return table ? (db.prepare<[], { n: number }>('SELECT count(*) AS n FROM posts').get()?.n ?? 0) : 0;
    } finally {
      db.close();
    }
  }

  /** The test's own bus on the cluster's topics (creates them with PARTITIONS if it comes first). */
  async bus(): Promise<KafkaBus> {
    this.witnessBus ??= await createKafkaBus({
      brokers: BROKERS,
      clientId: `witness-${this.prefix}`,
      topicPrefix: this.prefix,
      partitions: PARTITIONS,
      publishTimeoutMs: 10_000,
      logger: createLogger(process.env.LOG_LEVEL ?? 'error'),
    });
    return this.witnessBus;
  }

  /** A ledger of every message on a topic, read by the test's own consumer group from the beginning. */
  async watch(topic: string): Promise<{ ledger: Ledger; messages: BusMessage[] }> {
    const bus = await this.bus();
    const ledger = new Ledger();
    const messages: BusMessage[] = [];
    await bus.subscribe({
      topic,
      groupId: `${this.prefix}witness-${topic}`,
      handler: async (batch) => {
        for (const m of batch) {
          ledger.record(m.key ?? `${m.partition}:${m.offset}`);
          messages.push(m);
        }
      },
    });
    return { ledger, messages };
  }

  async kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = new Kafka({ clientId: `admin-${this.prefix}`, brokers: BROKERS, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  /** Messages ever written to a topic (Σ high watermarks: nothing is deleted during a test). */
  async topicEnd(topic: string): Promise<number> {
    const offsets = await (await this.kafkaAdmin()).fetchTopicOffsets(this.prefix + topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  }

  /** Messages a group has committed on a topic (Σ committed offsets; -1 = never). */
  async committed(topic: string, groupId: string): Promise<number> {
    const [entry] = await (await this.kafkaAdmin()).fetchOffsets({ groupId, topics: [this.prefix + topic] });
    return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  /**
   * SIGTERM every process still running and wait for it (SIGKILL after 30 s), so the services leave
   * their consumer groups: the groups are shared by name with the next test's services.
   */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.processes.map(async ({ run }) => {
        if (run.child.exitCode !== null || run.child.signalCode !== null) return;
        run.child.kill('SIGTERM');
        const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
        await run.exited;
        clearTimeout(timer);
      }),
    );
  }

  /** Stop everything, delete this cluster's topics and temp dirs. */
  async dispose(): Promise<void> {
    await this.stopAll();
    await this.witnessBus?.close();
    try {
      await (await this.kafkaAdmin()).deleteTopics({ topics: ['posts.raw', 'posts.enriched', 'posts.dlq'].map((t) => this.prefix + t) });
    } catch {
      // The broker may be gone after a failed restart test; the teardown cleans it anyway.
    }
    await this.admin?.disconnect().catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Logs of every process, for a failing test's message. */
  describe(): string {
    return this.processes.map((p) => `--- ${p.name} (${p.url})\n${p.run.stderr().slice(-2000)}\n${p.run.stdout().slice(-3000)}`).join('\n');
  }
}
