import { registerDecorator } from 'class-validator';

/** An array of at most `max` ids, or a comma-separated string of them. Elements are not checked: unknown ids are failures. */
export function IsIdList(max: number): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIdList',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an array of at most ${max} ids or a comma-separated string` },
      validator: {
        validate: (value: unknown) =>
          (typeof value === 'string' && value.length <= max * 64) || (Array.isArray(value) && value.length <= max),
      },
    });
}

/** The ids as given; blanks of a comma-separated string are dropped. Non-strings stay as they are (and name nothing). */
export function idsOf(value: unknown[] | string): unknown[] {
  if (typeof value === 'string') return value.split(',').map((id) => id.trim()).filter((id) => id.length > 0);
  return value;
}
