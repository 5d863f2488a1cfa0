import { ValidateBy, isRFC3339, type ValidationOptions } from 'class-validator';
import { readEventTime } from '@authtrail/contracts';

/**
 * What is wrong with an RFC 3339 time beyond its shape (readEventTime: a date the calendar has
 * not, a misplaced leap second), or undefined. Anything that is not RFC 3339 text is IsRFC3339's
 * to refuse, so it is not named twice.
 */
export function calendarTimeProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !isRFC3339(value)) return undefined;
  const read = readEventTime(value);
  return read.ok ? undefined : read.problem;
}

/** An RFC 3339 time (checked by IsRFC3339) that names a real instant (readEventTime). */
export function IsCalendarTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarTime',
      validator: {
        // calendarTimeProblem(value) === undefined, the cheaper test first: a time that names an
        // instant (nearly every one) needs no second regular expression.
        validate: (value) =>
          typeof value !== 'string' || readEventTime(value).ok || !isRFC3339(value),
        defaultMessage: (args) => `${args?.property} ${calendarTimeProblem(args?.value)}`,
      },
    },
    options,
  );
}
