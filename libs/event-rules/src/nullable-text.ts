import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A member that must be present: null, or a string of `min` to `max` characters. A decorator of
 * its own (not ValidateIf + IsString) so that the fast check of dto-plan can still judge the class.
 */
export function IsNullOrText(min: number, max: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isNullOrText',
      validator: {
        validate: (value) =>
          value === null ||
          (typeof value === 'string' && value.length >= min && value.length <= max),
        defaultMessage: (args) =>
          `${args?.property} must be null or a string of ${min} to ${max} characters`,
      },
    },
    options,
  );
}
