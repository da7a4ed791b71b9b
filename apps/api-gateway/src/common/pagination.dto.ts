import { MAX_PG_INT, QueryInt } from './query-params';

export class PaginationQuery {
  @QueryInt(1, 1000)
  limit: number = 50;

  @QueryInt(0, MAX_PG_INT)
  offset: number = 0;
}
