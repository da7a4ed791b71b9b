import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsPlainObject } from '../../common/validators';

/** PUT replaces the whole entry: a field left out becomes empty (no description, no schema). */
export class PutEventTypeDto {
  @IsOptional() @IsString() @MaxLength(2048)
  description?: string;

  /** JSON Schema (draft 2020-12) every payload of this type must match; null or absent = free-form. At most 64 KiB. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @ValidateIf((o: PutEventTypeDto) => o.schema !== undefined && o.schema !== null) @IsPlainObject()
  schema?: Record<string, unknown> | null;
}
