import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MIN_TOKEN_TTL_SECONDS = 60;
export const MAX_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export class IssueTokenDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(MIN_TOKEN_TTL_SECONDS) @Max(MAX_TOKEN_TTL_SECONDS)
  ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS;
}
