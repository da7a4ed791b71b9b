import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { IsPlainObject, MAX_NAME_LENGTH } from '../../common/validators';
import { QueryBoolean, QueryEpochMs, QueryInt, QueryText } from '../../common/query-params';
import { IsIdList } from './id-list';

export const MAX_MESSAGE_LENGTH = 4096;
export const MAX_BATCH = 1000;

export class CreateNotificationDto {
  @IsString() @IsNotEmpty() @MaxLength(MAX_NAME_LENGTH)
  user: string;

  @IsString() @IsNotEmpty() @MaxLength(MAX_NAME_LENGTH)
  type: string;

  @IsString() @MaxLength(MAX_MESSAGE_LENGTH)
  message: string;

  @IsOptional() @IsPlainObject()
  meta?: Record<string, unknown>;
}

export class BulkNotificationsDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_BATCH) @ValidateNested({ each: true }) @Type(() => CreateNotificationDto)
  items: CreateNotificationDto[];
}

/** `ids` as an array or a comma-separated string; ids that name nothing (malformed too) are reported, not refused. */
export class IdsDto {
  @ApiProperty({ oneOf: [{ type: 'array', items: { type: 'string' }, maxItems: MAX_BATCH }, { type: 'string', description: 'comma-separated ids' }] })
  @IsIdList(MAX_BATCH)
  ids: unknown[] | string;
}

export class ListNotificationsQuery {
  @QueryText(MAX_NAME_LENGTH)
  type?: string;

  @QueryEpochMs()
  since?: number;

  @QueryBoolean()
  unread?: boolean;

  @QueryInt(1, 1000)
  itemsPerPage: number = 50;

  @QueryInt(0, 1_000_000)
  page: number = 0;
}
