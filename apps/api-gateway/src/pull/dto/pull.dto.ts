import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { LeasedMessage } from '@app/persistence';

export const MAX_WAIT_SECONDS = 60;

export class PollQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  max: number = 100;

  /** Seconds to hold the request open when nothing is ready; fractions are allowed. */
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_WAIT_SECONDS)
  wait: number = 30;
}

export class AckDto {
  @IsArray() @ArrayMaxSize(1000) @IsString({ each: true })
  ids: string[];
}

export interface PollResponse {
  messages: LeasedMessage[];
}

export interface AckResponse {
  acked: number;
  failures: string[];
}
