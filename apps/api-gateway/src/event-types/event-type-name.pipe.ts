import { PipeTransform, UnprocessableEntityException } from '@nestjs/common';
import { MAX_NAME_LENGTH } from '../common/validators';

/** A catalog name is an event type: 1–256 characters, none of them control characters. */
export class ParseEventTypeName implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.length === 0 || value.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
      throw new UnprocessableEntityException([`name must be 1 to ${MAX_NAME_LENGTH} characters without control characters`]);
    }
    return value;
  }
}
