import 'reflect-metadata';
import { IsInt, IsString, ValidateIf, ValidateNested } from 'class-validator';
import {
  LoginEventDto,
  LoginSessionDto,
  LogoutEventDto,
  TerminateEventDto,
} from './auth-event.dto';
import { planOf } from './dto-plan';

class Conditional {
  @ValidateIf((object: { n?: number }) => object.n !== 0)
  @IsInt()
  n!: number;
}

class Holder {
  @ValidateNested()
  inner!: Conditional;

  @IsString({ each: true })
  names!: string[];
}

describe('planOf', () => {
  it('reads the fields, checks and nested classes of a DTO, inherited ones included', () => {
    const plan = planOf(LoginEventDto);
    expect(plan.fields).toEqual(
      expect.arrayContaining(['event_id', 'kind', 'version', 'occurred_at', 'host', 'boot_id']),
    );
    expect(plan.fields).toContain('session');
    expect(plan.nested.map(({ property, plan: inner }) => [property, inner.create])).toEqual([
      ['session', LoginSessionDto],
    ]);
    expect(plan.checks.filter((check) => check.property === 'occurred_at')).toHaveLength(2);
    expect(plan.checkable).toBe(true);
    expect(planOf(LogoutEventDto).nested[0].plan.fields).toEqual(['id']);
    // Its nullable members are decorators of their own, so the fast check still judges it.
    expect(planOf(TerminateEventDto).checkable).toBe(true);
  });

  it('is read once per class', () => {
    expect(planOf(LoginEventDto)).toBe(planOf(LoginEventDto));
  });

  it('leaves to validateSync what checks cannot express, in the class or one nested in it', () => {
    expect(planOf(Conditional).checkable).toBe(false);
    expect(planOf(Holder).checkable).toBe(false);
  });
});
