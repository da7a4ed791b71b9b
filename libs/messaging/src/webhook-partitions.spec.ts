import { randomUUID } from 'node:crypto';
import { webhookPartitionOf, webhookQueueName, webhookQueueNames } from './webhook-partitions';

describe('webhook queue partitions', () => {
  it('keeps the original queue name for partition 0 and numbers the others', () => {
    expect(webhookQueueNames(3)).toEqual(['webhook-deliveries', 'webhook-deliveries-1', 'webhook-deliveries-2']);
    expect(webhookQueueName(7)).toBe('webhook-deliveries-7');
  });

  it('puts everything in partition 0 when there is one partition', () => {
    expect(webhookPartitionOf(randomUUID(), 1)).toBe(0);
  });

  it('always picks the same partition for a subscription', () => {
    const id = randomUUID();
    expect(new Set(Array.from({ length: 5 }, () => webhookPartitionOf(id, 8))).size).toBe(1);
  });

  it('spreads many subscriptions over every partition, none with much more than its share', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[webhookPartitionOf(randomUUID(), 8)]++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
    for (const count of counts) expect(count).toBeLessThan(1200);
  });
});
