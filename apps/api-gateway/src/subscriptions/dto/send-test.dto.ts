import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsPlainObject, MAX_NAME_LENGTH } from '../../common/validators';

export class SendTestDto {
  /** The event type the request carries; default `notify.test`. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX_NAME_LENGTH)
  type?: string;

  /** The event payload; default `{"subscriptionId": ..., "message": ...}`. Checked against the type's schema, if any. */
  @IsOptional() @IsPlainObject()
  payload?: Record<string, unknown>;
}
