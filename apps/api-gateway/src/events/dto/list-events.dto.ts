import { PaginationQuery } from '../../common/pagination.dto';
import { QueryText } from '../../common/query-params';
import { MAX_NAME_LENGTH } from '../../common/validators';

export class ListEventsQuery extends PaginationQuery {
  @QueryText(MAX_NAME_LENGTH, 'only events of exactly this type')
  type?: string;
}
