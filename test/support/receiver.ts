import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface Answer {
  status: number;
  /** Any bytes: a Buffer goes out as it is. */
  body?: string | Buffer;
  delayMs?: number;
  /** Announce a longer body, send this one, then drop the connection mid-body. */
  cutOff?: boolean;
}

export type Responder = (request: ReceivedRequest, index: number) => Answer;

/** A real HTTP server on loopback that records every request and answers as told. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private responder: Responder = () => ({ status: 200, body: 'ok' });

  private constructor(private readonly server: Server) {}

  static async start(responder?: Responder): Promise<Receiver> {
    let receiver!: Receiver;
    const server = createServer((req, res) => receiver.handle(req, res));
    receiver = new Receiver(server);
    if (responder) receiver.respondWith(responder);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() };
      const index = this.requests.push(request) - 1;
      const answer = this.responder(request, index);
      const send = () => (answer.cutOff ? cutOff(res, answer) : res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? ''));
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function cutOff(res: ServerResponse, answer: Answer): void {
  const body = Buffer.from(answer.body ?? 'partial');
  res.writeHead(answer.status, { 'content-type': 'text/plain', 'content-length': String(body.length + 1000) });
  res.write(body, () => res.socket?.destroy());
}
