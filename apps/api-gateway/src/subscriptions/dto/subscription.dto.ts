import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_ORDERINGS, DeliveryOrdering, HTTP_METHODS, HttpMethod, Transport, TRANSPORTS } from '@app/persistence';
import { IsHeaderMap, IsHttpUrl, IsPlainObject, IsTimestamp, MAX_NAME_LENGTH } from '../../common/validators';
import { PaginationQuery } from '../../common/pagination.dto';
import { QueryEnum, QueryText } from '../../common/query-params';

const MAX_LIST = 100;
const MAX_RATE_LIMIT_PER_SECOND = 10_000;

/** Fields shared by create and update, all optional. */
class SubscriptionFieldsDto {
  @IsOptional() @IsString() @MaxLength(MAX_NAME_LENGTH)
  name?: string;

  @IsOptional() @IsIn(HTTP_METHODS)
  httpMethod?: HttpMethod;

  @IsOptional() @IsHeaderMap()
  headers?: Record<string, string>;

  @IsOptional() @IsArray() @ArrayMaxSize(MAX_LIST) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(MAX_NAME_LENGTH, { each: true })
  eventTypes?: string[];

  @IsOptional() @IsArray() @ArrayMaxSize(MAX_LIST) @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(MAX_NAME_LENGTH, { each: true })
  channels?: string[];

  @IsOptional() @IsPlainObject()
  filter?: Record<string, unknown>;

  @IsOptional() @IsBoolean()
  isActive?: boolean;

  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3600)
  visibilityTimeout?: number;

  /** Webhook tries per second that may reach the receiver, across all deliverers (1-10000); null = no limit. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: MAX_RATE_LIMIT_PER_SECOND, required: false })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RATE_LIMIT_PER_SECOND)
  rateLimitPerSecond?: number | null;

  /** `fifo`: webhook deliveries go out one at a time in publish order; a failing one holds the next. Default `none`. */
  @IsOptional() @IsIn(DELIVERY_ORDERINGS)
  ordering?: DeliveryOrdering;
}

export class UpdateSubscriptionDto extends SubscriptionFieldsDto {
  @ValidateIf((o: UpdateSubscriptionDto) => o.url !== undefined)
  @IsString() @MaxLength(2048) @IsHttpUrl()
  url?: string;
}

export class CreateSubscriptionDto extends SubscriptionFieldsDto {
  @IsOptional() @IsIn(TRANSPORTS)
  transport?: Transport;

  /** Required for webhooks; other transports may leave it out. */
  @ValidateIf((o: CreateSubscriptionDto) => (o.transport ?? 'webhook') === 'webhook' || o.url !== undefined)
  @IsString() @MaxLength(2048) @IsHttpUrl()
  url?: string;
}

export class ListSubscriptionsQuery extends PaginationQuery {
  @QueryText(MAX_NAME_LENGTH)
  q?: string;

  @QueryEnum(TRANSPORTS)
  transport?: Transport;

  @QueryText(MAX_NAME_LENGTH)
  eventType?: string;
}

export const MAX_RECOVER_PAGE = 1000;

export class RecoverDto {
  @ApiProperty({ oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer', description: 'epoch milliseconds' }] })
  @IsTimestamp()
  since: string | number;

  /** Failed deliveries to requeue in this call, oldest first (default and most: 1000). */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_RECOVER_PAGE)
  limit?: number;

  /** The `next` of the previous answer, to continue where it stopped; leave it out to start. */
  @IsOptional() @IsString() @MaxLength(512)
  cursor?: string;
}

/** A week: long enough to roll a secret out to every receiver, short enough that a leaked one stops working. */
export const MAX_SECRET_OVERLAP_SECONDS = 604_800;

export class RotateSecretDto {
  /** How long deliveries stay signed with the old secret too: 0 = it stops at once. Default 86400 (a day). */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_SECRET_OVERLAP_SECONDS)
  expireOldAfterSeconds?: number;
}
