import { DELIVERY_STATUSES, DeliveryAttemptEntity, DeliveryEntity, DeliveryStatus } from '@app/persistence';
import { PaginationQuery } from '../../common/pagination.dto';
import { QueryEnum } from '../../common/query-params';

export class ListDeliveriesQuery extends PaginationQuery {
  @QueryEnum(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export type DeliveryResponse = Omit<DeliveryEntity, 'tenantId' | 'leaseUntil' | 'firstAttemptAt'>;
export type AttemptResponse = Omit<DeliveryAttemptEntity, 'tenantId'>;

export function toDeliveryResponse(d: DeliveryEntity): DeliveryResponse {
  return {
    id: d.id,
    eventId: d.eventId,
    subscriptionId: d.subscriptionId,
    transport: d.transport,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastResponseStatus: d.lastResponseStatus,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function toAttemptResponse(a: DeliveryAttemptEntity): AttemptResponse {
  const { id, deliveryId, attemptNumber, startedAt, durationMs, responseStatus, responseBody, error } = a;
  return { id, deliveryId, attemptNumber, startedAt, durationMs, responseStatus, responseBody, error };
}
