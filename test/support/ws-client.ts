import WebSocket from 'ws';
import { waitFor } from './wait-for';

/** A real `ws` client that records every frame and the close, for tests to wait on. */
export class WsClient {
  readonly frames: any[] = [];
  closed?: { code: number; reason: string };

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(data.toString())));
    socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
    socket.on('error', () => undefined);
  }

  /** Resolves once the upgrade completed (the server may still close right after). */
  static async connect(url: string, options: { credential?: string; protocols?: string[]; autoPong?: boolean } = {}): Promise<WsClient> {
    const protocols = options.protocols ?? (options.credential ? ['notify.v1', `bearer.${options.credential}`] : undefined);
    const socket = new WebSocket(url, protocols, { autoPong: options.autoPong ?? true });
    const client = new WsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
    return client;
  }

  /** Connects and waits for the ready frame. */
  static async ready(url: string, credential?: string): Promise<WsClient> {
    const client = await WsClient.connect(url, { credential });
    await client.next((f) => f.kind === 'ready', 'the ready frame');
    return client;
  }

  of(kind: string): any[] {
    return this.frames.filter((f) => f.kind === kind);
  }

  async next(match: (frame: any) => boolean, what: string, timeoutMs = 10_000): Promise<any> {
    return waitFor(() => this.frames.find(match), what, timeoutMs, 20);
  }

  async count(kind: string, n: number, timeoutMs = 10_000): Promise<any[]> {
    await waitFor(() => this.of(kind).length >= n, `${n} ${kind} frames (have ${this.of(kind).length})`, timeoutMs, 20);
    return this.of(kind);
  }

  async closedWith(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    return waitFor(() => this.closed, 'the socket to close', timeoutMs, 20);
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  close(): void {
    this.socket.close(1000);
  }
}

/** A port nothing listens on right now, for a second gateway instance. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
