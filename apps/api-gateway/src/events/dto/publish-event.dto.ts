import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsPlainObject, MAX_NAME_LENGTH } from '../../common/validators';
import { parsePublishBatch, parsePublishEvent } from '../publish-body';

/** The decorators document and define the rules; `parseBody` applies them on the hot path (see publish-body.ts). */
export class PublishEventDto {
  static parseBody = parsePublishEvent;

  @IsString() @IsNotEmpty() @MaxLength(MAX_NAME_LENGTH)
  type: string;

  @IsPlainObject()
  payload: Record<string, unknown>;

  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(MAX_NAME_LENGTH, { each: true })
  channels?: string[];
}

export class BatchEventItemDto extends PublishEventDto {
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_NAME_LENGTH)
  idempotencyKey?: string;
}

export class PublishBatchDto {
  static parseBody = parsePublishBatch;

  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => BatchEventItemDto)
  events: BatchEventItemDto[];
}
