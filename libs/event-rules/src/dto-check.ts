import { planOf, type DtoPlan } from './dto-plan';

type Plain = Record<string, unknown>;

const NO_OBJECT: Plain = Object.freeze({});

/** validateSync's verdict on a value under ValidateNested (an item of an array, the same way). */
function nestedPasses(plan: DtoPlan, value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((item) => nestedPasses(plan, item));
  return typeof value === 'object' && value !== null && passes(plan, value as Plain);
}

function passes(plan: DtoPlan, plain: Plain): boolean {
  const { checks, nested } = plan;
  for (let i = 0; i < checks.length; i++) {
    const { property, validator, args } = checks[i];
    const value = plain[property];
    args.object = plain;
    args.value = value;
    const valid = validator.validate(value, args) === true;
    // The plans live as long as the process: they keep no event (nor its credentials) after it.
    args.object = NO_OBJECT;
    args.value = undefined;
    if (!valid) return false;
  }
  for (let i = 0; i < nested.length; i++) {
    if (!nestedPasses(nested[i].plan, plain[nested[i].property])) return false;
  }
  return true;
}

/**
 * Whether validateSync would find nothing wrong with `plain` as an instance of `create`
 * (toDto), answered by running the same decorators' tests on the parsed object: no instance, no
 * error objects. Undefined when a decorator of the class needs validateSync itself.
 */
export function dtoAccepts(create: new () => object, plain: Plain): boolean | undefined {
  const plan = planOf(create);
  return plan.checkable ? passes(plan, plain) : undefined;
}
