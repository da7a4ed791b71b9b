import { Injectable, PipeTransform, UnprocessableEntityException } from '@nestjs/common';
import { MAX_NAME_LENGTH } from '../common/validators';

/** User ids are the tenant's own strings: any non-empty text up to 256 characters without NUL. */
@Injectable()
export class ParseUserId implements PipeTransform<string, string> {
  transform(value: string): string {
    if (value.length === 0 || value.length > MAX_NAME_LENGTH || value.includes('\u0000')) {
      throw new UnprocessableEntityException([`userId must be 1 to ${MAX_NAME_LENGTH} characters without NUL`]);
    }
    return value;
  }
}
