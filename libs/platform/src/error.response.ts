import { ApiProperty } from '@nestjs/swagger';

/** Every error body, as AllExceptionsFilter writes it (declared here for the OpenAPI document and the SDK). */
export class ErrorResponse {
  statusCode: number;
  /** The HTTP reason phrase, e.g. "Unprocessable Entity". */
  error: string;
  /** A text, or (422) one message per offending field, naming the field. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message: string | string[];
}
