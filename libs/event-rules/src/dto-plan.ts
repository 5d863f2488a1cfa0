import 'reflect-metadata';
import {
  getMetadataStorage,
  ValidationTypes,
  type MetadataStorage,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

export type DtoClass = new () => object;

/** One decorator's test of one property (IsUUID on event_id, …), as validateSync runs it. */
export interface PropertyCheck {
  readonly property: string;
  readonly validator: ValidatorConstraintInterface;
  /**
   * The arguments validateSync hands `validator.validate`; one object per check, whose `object`
   * and `value` are set before each call (no allocation per event).
   */
  readonly args: ValidationArguments;
}

/** A property under ValidateNested, with the plan of the class it is declared with. */
export interface NestedProperty {
  readonly property: string;
  readonly plan: DtoPlan;
}

/** What validating a DTO class takes, read once from the metadata its decorators registered. */
export interface DtoPlan {
  readonly create: DtoClass;
  /** The properties class-validator reads (the others are never looked at). */
  readonly fields: readonly string[];
  readonly checks: readonly PropertyCheck[];
  readonly nested: readonly NestedProperty[];
  /**
   * False when a decorator asks for more than checks and nested plans express (a condition,
   * `each`, IsDefined, Allow, a promise), here or in a nested class: only validateSync may judge
   * such a class.
   */
  readonly checkable: boolean;
}

const plans = new Map<DtoClass, DtoPlan>();

/** validateSync skips async constraints; the others are this metadata's checks. */
function checksOf(create: DtoClass, metadata: ValidationMetadata): PropertyCheck[] {
  const property = metadata.propertyName;
  return getMetadataStorage()
    .getTargetValidatorConstraints(metadata.constraintCls)
    .filter((constraint) => !constraint.async)
    .map(({ instance }) => ({
      property,
      validator: instance,
      args: {
        targetName: create.name,
        property,
        object: {},
        value: undefined,
        constraints: metadata.constraints as unknown[],
      },
    }));
}

/** The class a property is declared with (`session!: LoginSessionDto`), as tsc emits it. */
function declaredClass(create: DtoClass, property: string): DtoClass | undefined {
  const type: unknown = Reflect.getMetadata('design:type', create.prototype, property);
  return typeof type === 'function' && type !== Object ? (type as DtoClass) : undefined;
}

/**
 * The plan of `create`, from the metadata validateSync reads for it (no groups; `always` as
 * each decorator says).
 */
export function planOf(create: DtoClass): DtoPlan {
  const known = plans.get(create);
  if (known) return known;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(create, '', false, false);
  const checks: PropertyCheck[] = [];
  const nested: NestedProperty[] = [];
  const fields = [...new Set(metadatas.map((metadata) => metadata.propertyName))];
  // Not checkable while it is built: a class nested in itself is left to validateSync.
  const plan = { create, fields, checks, nested, checkable: false };
  plans.set(create, plan);
  let checkable = true;
  for (const metadata of metadatas) {
    const { type, propertyName } = metadata;
    const inner =
      type === ValidationTypes.NESTED_VALIDATION ? declaredClass(create, propertyName) : undefined;
    if (metadata.each || metadata.validateIf) checkable = false;
    else if (type === ValidationTypes.CUSTOM_VALIDATION) checks.push(...checksOf(create, metadata));
    else if (inner) {
      const property = { property: propertyName, plan: planOf(inner) };
      nested.push(property);
      checkable &&= property.plan.checkable;
    } else checkable = false;
  }
  plan.checkable = checkable;
  return plan;
}
