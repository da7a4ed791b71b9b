import type Redis from 'ioredis';
import { AppEvent } from '@app/contracts';
import { PubSubClient } from './pubsub.client';

/** A stand-in command connection that records single publishes and pipelines. */
class FakeRedis {
  single: [string, string][] = [];
  pipelines: [string, string][][] = [];
  failNext?: Error;

  async publish(channel: string, message: string): Promise<number> {
    if (this.failNext) throw this.failNext;
    this.single.push([channel, message]);
    return 1;
  }
  pipeline() {
    const queued: [string, string][] = [];
    const pipeline = {
      publish: (channel: string, message: string) => (queued.push([channel, message]), pipeline),
      exec: async () => {
        this.pipelines.push(queued);
        return queued.map(() => [null, 1]);
      },
    };
    return pipeline;
  }
}

describe(PubSubClient.name, () => {
  let redis: FakeRedis;
  let sut: PubSubClient;

  beforeEach(() => {
    redis = new FakeRedis();
    sut = new PubSubClient(redis as unknown as Redis);
  });

  it('publishes the data alone as JSON on the channel, as the wire always had it', async () => {
    await sut.announce(AppEvent.apiKeyRevoked, { keyHash: 'h' });
    expect(redis.single).toEqual([['notify:api-key-revoked', '{"keyHash":"h"}']]);
  });

  it('sends the events of one tick as one pipeline and resolves each', async () => {
    await Promise.all([
      sut.announce('notify:sub-messages:a', { subscriptionId: 'a' }),
      sut.announce('notify:events:t', { id: 'e' }),
      sut.announce(AppEvent.subscriptionChanged, { tenantId: 't', subscriptionId: 'a' }),
    ]);
    expect(redis.single).toEqual([]);
    expect(redis.pipelines).toEqual([[
      ['notify:sub-messages:a', '{"subscriptionId":"a"}'],
      ['notify:events:t', '{"id":"e"}'],
      ['notify:subscription-changed', '{"tenantId":"t","subscriptionId":"a"}'],
    ]]);
  });

  it('rejects when Redis did not take the publish', async () => {
    redis.failNext = new Error('Connection is closed.');
    await expect(sut.announce(AppEvent.apiKeyRevoked, { keyHash: 'h' })).rejects.toThrow('Connection is closed.');
  });

  it('refuses request-response: pub/sub carries events only', async () => {
    await expect(new Promise((resolve, reject) => sut.send('notify:x', {}).subscribe({ next: resolve, error: reject }))).rejects.toThrow('events only');
  });
});
