import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import { QueryInt, QueryNumber } from '../../common/query-params';

export const MAX_WAIT_SECONDS = 60;

export class PollQuery {
  @QueryInt(1, 1000)
  max: number = 100;

  /** Seconds to hold the request open when nothing is ready; fractions are allowed. */
  @QueryNumber(0, MAX_WAIT_SECONDS)
  wait: number = 30;
}

export class AckDto {
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  ids: string[];
}
