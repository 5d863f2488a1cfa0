import { LoginEventDto, LoginSessionDto, LogoutEventDto, LogoutSessionDto } from './auth-event.dto';
import { toDto } from './dto-instance';

describe('toDto', () => {
  it('builds the DTO and its nested DTOs from the fields they validate', () => {
    const dto = toDto(LoginEventDto, {
      event_id: 'e',
      kind: 'login',
      extra: 1,
      session: { id: 's', internal: false, more: true },
    });
    expect(dto).toBeInstanceOf(LoginEventDto);
    expect(dto.session).toBeInstanceOf(LoginSessionDto);
    expect(dto).toMatchObject({ event_id: 'e', kind: 'login', session: { id: 's' } });
    expect(dto).not.toHaveProperty('extra');
    expect(dto.session).not.toHaveProperty('more');
  });

  it('builds each object of an array under a nested field, and leaves other values as they are', () => {
    const dto = toDto(LogoutEventDto, { session: [{ id: 'a' }, 'b', [{ id: 'c' }]] });
    const items = dto.session as unknown as unknown[];
    expect(items[0]).toBeInstanceOf(LogoutSessionDto);
    expect(items[1]).toBe('b');
    expect((items[2] as unknown[])[0]).toBeInstanceOf(LogoutSessionDto);
    expect(toDto(LogoutEventDto, { session: null }).session).toBeNull();
  });

  it('never assigns a payload __proto__ key', () => {
    const plain = JSON.parse('{"__proto__": {"polluted": true}, "session": {"__proto__": null}}');
    const dto = toDto(LogoutEventDto, plain as Record<string, unknown>);
    expect(Object.getPrototypeOf(dto)).toBe(LogoutEventDto.prototype);
    expect(Object.getPrototypeOf(dto.session)).toBe(LogoutSessionDto.prototype);
  });
});
