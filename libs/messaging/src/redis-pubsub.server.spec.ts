import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import { AppEvent, isUserNotificationMessage } from '@app/contracts';
import { RedisPubSubServer } from './redis-pubsub.server';

/** A stand-in subscriber connection: SUBSCRIBE is confirmed only when the test says so. */
class FakeSubscriber extends EventEmitter {
  status = 'ready';
  subscribed: string[][] = [];
  unsubscribed: string[] = [];
  private confirmations: (() => void)[] = [];

  subscribe(...channels: string[]): Promise<number> {
    this.subscribed.push(channels);
    return new Promise((resolve) => this.confirmations.push(() => resolve(channels.length)));
  }
  async unsubscribe(channel: string): Promise<number> {
    this.unsubscribed.push(channel);
    return 0;
  }
  confirmAll(): void {
    this.confirmations.splice(0).forEach((confirm) => confirm());
  }
  disconnect(): void {}
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const CHANGED = AppEvent.subscriptionChanged;

describe(RedisPubSubServer.name, () => {
  let subscriber: FakeSubscriber;
  let sut: RedisPubSubServer;
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    subscriber = new FakeSubscriber();
    sut = new RedisPubSubServer(subscriber as unknown as Redis);
    const logger = (sut as unknown as { logger: { warn(m: string): void; error(m: string): void } }).logger;
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  it('reports listening only once Redis confirmed the event channels', async () => {
    sut.addHandler(CHANGED, jest.fn(), true);
    const listened = jest.fn();
    const listening = sut.listen(listened);
    await flush();
    expect(subscriber.subscribed).toEqual([[CHANGED]]);
    expect(listened).not.toHaveBeenCalled();
    expect(sut.ready).toBe(false);
    subscriber.confirmAll();
    await listening;
    expect(listened).toHaveBeenCalledWith();
    expect(sut.ready).toBe(true);
  });

  it('drops a message that is not JSON or has the wrong shape, logs it without its content, and never throws', async () => {
    const handler = jest.fn();
    sut.addHandler(CHANGED, handler, true);
    expect(() => subscriber.emit('message', CHANGED, '{"tenantId": "secret-ish')).not.toThrow();
    expect(() => subscriber.emit('message', CHANGED, '{"tenantId": 1}')).not.toThrow();
    expect(() => subscriber.emit('message', CHANGED, 'null')).not.toThrow();
    await flush();
    expect(handler).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[0][0]).toContain(`on ${CHANGED} that is not JSON`);
    expect(warn.mock.calls.flat().join()).not.toContain('secret-ish');
  });

  it('hands a well-formed event to its handler, and logs a handler that throws or rejects', async () => {
    const handler = jest.fn();
    sut.addHandler(CHANGED, handler, true);
    sut.addHandler(AppEvent.apiKeyRevoked, () => { throw new Error('sync failure'); }, true);
    sut.addHandler(AppEvent.wsTakeover, async () => { throw new Error('async failure'); }, true);
    subscriber.emit('message', CHANGED, '{"tenantId":"t","subscriptionId":"s"}');
    expect(() => subscriber.emit('message', AppEvent.apiKeyRevoked, '{"keyHash":"h"}')).not.toThrow();
    expect(() => subscriber.emit('message', AppEvent.wsTakeover, '{"subscriptionId":"s","generation":2}')).not.toThrow();
    await flush();
    expect(handler).toHaveBeenCalledWith({ tenantId: 't', subscriptionId: 's' }, expect.anything());
    expect(error.mock.calls.map(([message]) => message)).toEqual([
      `a handler of ${AppEvent.apiKeyRevoked} failed: sync failure`,
      `a handler of ${AppEvent.wsTakeover} failed: async failure`,
    ]);
  });

  describe('run-time channels', () => {
    it('resolve subscribe() only after Redis confirmed it, with one Redis subscription for many listeners', async () => {
      let first = false;
      const subscribing = sut.subscribe('notify:user:t:u', isUserNotificationMessage, jest.fn()).then(() => (first = true));
      const second = sut.subscribe('notify:user:t:u', isUserNotificationMessage, jest.fn());
      await flush();
      expect(first).toBe(false);
      expect(subscriber.subscribed).toEqual([['notify:user:t:u']]);
      subscriber.confirmAll();
      await subscribing;
      const unsubscribeSecond = await second;
      expect(first).toBe(true);
      await unsubscribeSecond();
      expect(subscriber.unsubscribed).toEqual([]);
    });

    it('guard every listener: a malformed message, a wrong shape or a throwing listener is logged and the others still run', async () => {
      const received: unknown[] = [];
      const subscribing = Promise.all([
        sut.subscribe('notify:user:t:u', isUserNotificationMessage, () => { throw new Error('listener failure'); }),
        sut.subscribe('notify:user:t:u', isUserNotificationMessage, (message, raw) => received.push([message, raw])),
      ]);
      subscriber.confirmAll();
      const unsubscribes = await subscribing;
      expect(() => subscriber.emit('message', 'notify:user:t:u', 'not json')).not.toThrow();
      expect(() => subscriber.emit('message', 'notify:user:t:u', '{"noId":true}')).not.toThrow();
      expect(() => subscriber.emit('message', 'notify:user:t:u', '{"id":"n1"}')).not.toThrow();
      expect(received).toEqual([[{ id: 'n1' }, '{"id":"n1"}']]);
      expect(warn).toHaveBeenCalledTimes(3);
      expect(error).toHaveBeenCalledWith('a handler of notify:user:t:u failed: listener failure');
      for (const unsubscribe of unsubscribes) await unsubscribe();
      expect(subscriber.unsubscribed).toEqual(['notify:user:t:u']);
      subscriber.emit('message', 'notify:user:t:u', '{"id":"n2"}');
      expect(received).toHaveLength(1);
    });
  });
});
