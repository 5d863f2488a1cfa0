import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { EVENT_KINDS, type EventKind } from '@authtrail/contracts';
import { EVENT_DTOS } from './auth-event.dto';
import { dtoAccepts } from './dto-check';
import { toDto } from './dto-instance';

/** One options object for every call (class-validator reads it, never changes it). */
const OPTIONS: ValidatorOptions = { forbidUnknownValues: true };

/** class-validator's errors as texts naming the field: `session.id must be ...`. */
export function errorTexts(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      parent ? `${parent}.${text}` : text,
    );
    return [...own, ...errorTexts(error.children ?? [], path)];
  });
}

export const isEventKind = (kind: unknown): kind is EventKind =>
  (EVENT_KINDS as readonly unknown[]).includes(kind);

/**
 * What contract §2 refuses in the fields of an event (a parsed JSON object), as texts naming the
 * field; empty when it is valid. The rules are the DTOs of auth-event.dto.ts, for the service's
 * dead letters and the publisher's InvalidEventError alike: a valid event is told so by their
 * decorators' own tests (dtoAccepts, fast), an invalid one is worded by validateSync. Fields
 * beyond the contract's are allowed (the service drops them).
 */
export function eventFieldProblems(event: Record<string, unknown>): string[] {
  const kind = event.kind;
  if (!isEventKind(kind)) return [`kind must be one of: ${EVENT_KINDS.join(', ')}`];
  const Dto = EVENT_DTOS[kind];
  if (dtoAccepts(Dto, event) === true) return [];
  return errorTexts(validateSync(toDto(Dto, event), OPTIONS));
}
