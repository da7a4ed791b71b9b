import { WebhookVerificationError } from './errors';

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** The current time (for tests), as a Date or epoch ms. */
  now?: Date | number;
}

const encoder = new TextEncoder();

/**
 * Verifies a Standard Webhooks request as the platform signs it and returns the parsed body. `rawBody` must be the
 * exact bytes received (for GET deliveries: the `data` query parameter). Throws WebhookVerificationError.
 * Uses WebCrypto, so it runs in browsers, Node ≥ 20, Deno, Bun and edge runtimes.
 */
export async function verifyWebhook<T = unknown>(secret: string, headers: WebhookHeaders, rawBody: string | Uint8Array, options: VerifyOptions = {}): Promise<T> {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature header');
  checkTimestamp(timestamp, options);
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  const expected = await sign(secret, `${id}.${timestamp}.${body}`);
  const matched = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    return version === 'v1' && signature !== undefined && constantTimeEqual(signature, expected);
  });
  if (!matched) throw new WebhookVerificationError('no matching signature');
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new WebhookVerificationError('the body is not JSON');
  }
}

/** The base64 v1 signature of `content` (exported for tests and for signing your own fixtures). */
export async function sign(secret: string, content: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new WebhookVerificationError('WebCrypto (crypto.subtle) is not available here');
  const key = await subtle.importKey('raw', secretBytes(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64(new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(content))));
}

function checkTimestamp(value: string, options: VerifyOptions): void {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(seconds)) throw new WebhookVerificationError('invalid webhook-timestamp');
  const nowMs = options.now === undefined ? Date.now() : Number(options.now instanceof Date ? options.now.getTime() : options.now);
  const tolerance = options.toleranceSeconds ?? 300;
  const skew = Math.floor(nowMs / 1000) - seconds;
  if (skew > tolerance) throw new WebhookVerificationError('message timestamp too old');
  if (skew < -tolerance) throw new WebhookVerificationError('message timestamp too new');
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function secretBytes(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  try {
    return fromBase64(encoded);
  } catch {
    throw new WebhookVerificationError('the secret is not base64');
  }
}

/** Compares every character whatever the first difference, so timing reveals nothing about the expected value. */
function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a.charCodeAt(i % Math.max(1, a.length)) || 0) ^ b.charCodeAt(i);
  return difference === 0;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
