import { Readable } from 'node:stream';

/** The contract records the first KiB of an answer. */
export const MAX_RECORDED_BODY = 1024;
/** After the recorded prefix, this much more is read so the keep-alive socket can be reused; past it, it is closed. */
const MAX_DRAINED_BODY = 64 * 1024;

/**
 * Any bytes as text Postgres will store: a receiver may answer binary, UTF-16 (full of NUL bytes) or broken
 * UTF-8, and one such answer must never make the statement that records a whole batch of attempts fail.
 * Invalid UTF-8 becomes U+FFFD (Buffer's decoder never yields a lone surrogate), and so does NUL, which a
 * Postgres text value cannot hold.
 */
export function storableText(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/\u0000/g, '\ufffd');
}

/** The same guarantee for text we did not make ourselves (error messages quoting a peer). */
export function storableString(text: string, maxLength = MAX_RECORDED_BODY): string {
  return storableText(Buffer.from(text.slice(0, maxLength), 'utf8'));
}

export interface ReadBody {
  text: string;
  /** Set when the receiver closed or broke the connection before the body ended. */
  cutOff?: string;
}

/** Reads the first KiB of a response body, then drains (a bounded amount of) the rest. */
export async function readRecordedPrefix(body: Readable & { dump(opts?: { limit: number }): Promise<void> }): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_RECORDED_BODY) break;
    }
    await body.dump({ limit: MAX_DRAINED_BODY }).catch(() => undefined);
  } catch (error) {
    return { text: storableText(Buffer.concat(chunks).subarray(0, MAX_RECORDED_BODY)), cutOff: storableString((error as Error).message || 'connection closed') };
  }
  return { text: storableText(Buffer.concat(chunks).subarray(0, MAX_RECORDED_BODY)) };
}
