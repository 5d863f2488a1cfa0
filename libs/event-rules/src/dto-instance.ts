import { planOf, type DtoPlan } from './dto-plan';

function build(plan: DtoPlan, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => build(plan, item));
  if (typeof value !== 'object' || value === null) return value;
  const plain = value as Record<string, unknown>;
  const dto = new plan.create() as Record<string, unknown>;
  for (const field of plan.fields) dto[field] = plain[field];
  for (const { property, plan: inner } of plan.nested)
    dto[property] = build(inner, plain[property]);
  return dto;
}

/**
 * A parsed JSON object as an instance of `create`, ready for validateSync: what class-transformer's
 * plainToInstance builds for it (nested DTOs included, arrays of them item by item), without its
 * reflection on every property. Only the properties class-validator reads are copied, so a
 * payload's `__proto__` key is never assigned.
 */
export function toDto<T extends object>(create: new () => T, plain: Record<string, unknown>): T {
  return build(planOf(create), plain) as T;
}
