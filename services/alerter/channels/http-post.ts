import http from 'node:http';
import https from 'node:https';
import { checkLiteralHost, guardedLookup } from './target-guard';
import { ChannelError } from './channel';

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/**
 * POST a body and return status and a short body. Errors never carry the URL: a Telegram URL holds
 * the bot token. 2xx is success; 408/429/5xx and network failures are retriable, other 4xx are not.
 */
export function postBody(url: URL, body: string, opts: PostOptions): Promise<{ status: number; body: string }> {
  try {
    checkLiteralHost(url, opts.allowPrivate);
  } catch (err) {
    // A refused target stays refused: no retries.
    return Promise.reject(new ChannelError((err as Error).message, false));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'Dengar-Alerter/0.1', ...opts.headers },
        lookup: guardedLookup(opts.allowPrivate) as unknown as typeof import('node:dns').lookup,
        timeout: opts.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // Keep only the start of the answer: enough for an error message.
          if (size < 4096) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, 4096);
          if (status >= 200 && status < 300) return resolve({ status, body: text });
          reject(new ChannelError(`HTTP ${status}`, status === 408 || status === 429 || status >= 500));
        });
        res.on('error', (err) => reject(new ChannelError(err.message, true)));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`batas waktu ${opts.timeoutMs} ms habis`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EBLOCKED') return reject(new ChannelError(err.message, false));
      reject(new ChannelError(err.code ? `${err.code}: ${err.message}` : err.message, true));
    });
    req.end(body);
  });
}
