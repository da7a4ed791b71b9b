import { QueueName } from '@app/contracts';

/**
 * Webhook delivery work is spread over QUEUE_PARTITIONS queues, because a queue lives on one Redis Cluster shard.
 * Partition 0 keeps the original queue name, so jobs queued before partitions existed are still consumed.
 */
export function webhookQueueName(partition: number): string {
  return partition === 0 ? QueueName.WebhookDeliveries : `${QueueName.WebhookDeliveries}-${partition}`;
}

export function webhookQueueNames(partitions: number): string[] {
  return Array.from({ length: partitions }, (_, partition) => webhookQueueName(partition));
}

/**
 * The partition of a subscription's deliveries: a stable hash (32-bit FNV-1a) of its id, so every producer
 * (matcher, deliverer's retries, sweeper, manual requeue) picks the same queue and one subscription's jobs
 * stay together.
 */
export function webhookPartitionOf(subscriptionId: string, partitions: number): number {
  if (partitions <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < subscriptionId.length; i++) {
    hash ^= subscriptionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
