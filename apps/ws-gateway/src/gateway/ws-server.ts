import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { AppConfig } from '@app/config';
import { AddressRateLimiter, TenantQuota } from '@app/platform';
import { CloseCode } from './close-codes';
import { CredentialRevalidator } from './credential-revalidator';
import { CredentialResolver, isRevokedBy } from './credential.resolver';
import { ConnectRequest, parseConnectRequest, selectProtocol } from './credentials';
import { DurableConnections } from './durable-connections';
import { FirehoseConnections } from './firehose-connections';
import { Peer, peerOf } from './peer';
import { UserConnections } from './user-connections';

export const WS_PATH = '/v1/ws';
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;
const SHUTDOWN_GRACE_MS = 3000;

// Shared listeners (`this` is the socket): one function for all connections instead of a closure each.
function onPong(this: WebSocket): void {
  const peer = peerOf(this);
  if (peer) peer.missedPongs = 0;
}
function onSocketClose(this: WebSocket): void {
  peerOf(this)?.dispose();
}
function onSocketMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  const peer = peerOf(this);
  if (!peer || isBinary) return;
  try {
    const frame: unknown = JSON.parse(data.toString());
    if (typeof frame === 'object' && frame !== null) peer.onFrame(frame as Record<string, unknown>);
  } catch {
    /* not JSON: ignored, as the contract only defines JSON frames */
  }
}
function ignore(): void {}

/** The `ws` server on the app's own HTTP server (so /health shares the port); one shared ping interval. */
@Injectable()
export class WsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WsServer.name);
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: selectProtocol, maxPayload: MAX_CLIENT_FRAME_BYTES, perMessageDeflate: false });
  private readonly connectionsPerTenant: TenantQuota;
  private pinger?: NodeJS.Timeout;
  private revalidator?: NodeJS.Timeout;
  private revalidating = false;
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
    private readonly credentials: CredentialResolver,
    private readonly users: UserConnections,
    private readonly firehose: FirehoseConnections,
    private readonly durable: DurableConnections,
    private readonly addressLimiter: AddressRateLimiter,
    private readonly revalidation: CredentialRevalidator,
  ) {
    this.connectionsPerTenant = new TenantQuota(config.limits.wsConnectionsPerTenant);
  }

  onApplicationBootstrap(): void {
    Peer.maxBufferedBytes = this.config.ws.maxBufferedBytes;
    const server: Server = this.adapterHost.httpAdapter.getHttpServer();
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
    this.pinger = setInterval(() => this.pingAll(), this.config.ws.pingIntervalMs);
    this.credentials.onRevoked((notice) => this.closeWhere((peer) => !!peer.principal && isRevokedBy(peer.principal, notice), CloseCode.policyViolation, 'credentials revoked'));
    this.revalidator = setInterval(() => void this.revalidateAll(), this.config.ws.revalidateIntervalMs);
  }

  /** SIGTERM: every socket gets 1001, leases are handed back, then the HTTP server may close. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.pinger);
    clearInterval(this.revalidator);
    const all = [...this.wss.clients];
    for (const socket of all) socket.close(CloseCode.goingAway, 'server shutting down');
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (all.some((s) => s.readyState !== WebSocket.CLOSED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const socket of all) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
    for (const socket of all) peerOf(socket)?.dispose();
    await this.durable.drained();
  }

  get connectionCount(): number {
    return this.wss.clients.size;
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0];
    if (path !== WS_PATH || this.closing) {
      socket.end(`HTTP/1.1 ${this.closing ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // Before the upgrade and before any credential is looked at: a flood costs no Postgres query and no socket.
    const retryAfter = this.addressLimiter.retryAfterSeconds(request.socket.remoteAddress);
    if (retryAfter > 0) {
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${retryAfter}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', ignore).on('close', onSocketClose).on('pong', onPong).on('message', onSocketMessage);
      this.accept(ws, parseConnectRequest(request)).catch((error: Error) => {
        this.logger.warn(`connection failed: ${error.message}`);
        ws.close(CloseCode.unexpected, 'unexpected condition');
      });
    });
  }

  /** Credentials are checked after the upgrade so a browser can read the 1008 (it cannot read a refused handshake). */
  private async accept(socket: WebSocket, connect: ConnectRequest): Promise<void> {
    const principal = connect.credential ? await this.credentials.resolve(connect.credential) : undefined;
    if (!principal) return socket.close(CloseCode.policyViolation, connect.credential ? 'invalid or expired credentials' : 'missing credentials');
    const tenantId = principal.kind === 'user' ? principal.identity.tenantId : principal.tenantId;
    if (!this.connectionsPerTenant.tryTake(tenantId)) {
      return socket.close(CloseCode.tryAgainLater, 'too many connections for this tenant on this gateway (MAX_WS_CONNECTIONS_PER_TENANT)');
    }
    socket.once('close', () => this.connectionsPerTenant.release(tenantId));
    let peer: Peer | undefined;
    if (principal.kind === 'user') {
      if (connect.subscription) return socket.close(CloseCode.policyViolation, 'subscriptions need a tenant API key');
      peer = await this.users.open(socket, principal.identity, connect.since);
    } else if (connect.subscription) {
      peer = await this.durable.open(socket, principal.tenantId, principal.keyHash, connect.subscription);
    } else {
      peer = await this.firehose.open(socket, principal.tenantId, principal.keyHash, connect.types);
    }
    if (!peer) return;
    peer.principal = principal;
    if (!peer.open) return peer.dispose();
    peer.send(JSON.stringify({ kind: 'ready', connectionId: randomUUID() }));
    peer.countAs(principal.kind === 'user' ? 'user' : connect.subscription ? 'durable' : 'firehose');
    peer.start();
  }

  /** A peer that let two pings go unanswered is dropped without a closing handshake. */
  private pingAll(): void {
    for (const socket of this.wss.clients) {
      const peer = peerOf(socket);
      if (!peer) continue;
      if (peer.missedPongs >= 2) {
        socket.terminate();
        continue;
      }
      peer.missedPongs++;
      socket.ping();
    }
  }

  /** Closes connections whose key is gone or whose user was revoked, in case the Redis notice was lost. */
  private async revalidateAll(): Promise<void> {
    if (this.revalidating) return;
    this.revalidating = true;
    try {
      const peers = [...this.wss.clients].map(peerOf).filter((peer) => peer?.principal && peer.open) as Peer[];
      const revoked = await this.revalidation.revoked(peers.map((peer) => peer.principal!));
      for (const peer of peers) if (revoked.has(peer.principal!)) peer.close(CloseCode.policyViolation, 'credentials revoked');
    } catch (error) {
      this.logger.warn(`could not re-check credentials of open connections: ${(error as Error).message}`);
    } finally {
      this.revalidating = false;
    }
  }

  private closeWhere(test: (peer: Peer) => boolean, code: number, reason: string): void {
    for (const socket of this.wss.clients) {
      const peer = peerOf(socket);
      if (peer && test(peer)) peer.close(code, reason);
    }
  }
}
