import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { TryClaims } from './try-claims';

/** Against the local Redis (db 1; keys under a fresh subscription id, so runs do not meet). */
describe(TryClaims.name, () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/1', { lazyConnect: true });
  const sut = new TryClaims(redis, { deliveryTimeoutMs: 1000 } as AppConfig);
  afterAll(() => redis.quit());

  it('lets one caller claim a try, and the same try again only once its hold has run out', async () => {
    const subscription = randomUUID();
    const tries = [{ deliveryId: randomUUID(), attempt: 1 }, { deliveryId: randomUUID(), attempt: 1 }];
    expect(await sut.claim(subscription, tries)).toEqual(tries);
    expect(await sut.claim(subscription, [tries[0], { ...tries[1], attempt: 2 }])).toEqual([{ ...tries[1], attempt: 2 }]);
    const key = `notify:sending:{${subscription}}:${tries[0].deliveryId}:1`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(5000);
    expect(ttl).toBeLessThanOrEqual(6000);
    await redis.del(key);
    expect(await sut.claim(subscription, [tries[0]])).toEqual([tries[0]]);
  });
});
