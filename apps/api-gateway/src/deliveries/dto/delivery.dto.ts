import { DELIVERY_STATUSES, DeliveryStatus } from '@app/persistence';
import { PaginationQuery } from '../../common/pagination.dto';
import { QueryEnum } from '../../common/query-params';

export class ListDeliveriesQuery extends PaginationQuery {
  @QueryEnum(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}
