import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it('replaces secret-named values at any depth and lists their paths', () => {
    const { value, paths } = redactSecrets(
      {
        username: 'root',
        Password: 'hunter2',
        otp_token: 123456,
        api_key: { id: 3, name: 'backup-key' },
        parent: {
          credentials: 'API_KEY',
          credentials_data: { api_key: 'raw-key-material', SECRET: { a: 1 } },
        },
        list: [{ token: 't' }],
      },
      'session.credentials_data',
    );
    expect(value).toEqual({
      username: 'root',
      Password: '<redacted>',
      otp_token: '<redacted>',
      api_key: { id: 3, name: 'backup-key' },
      parent: {
        credentials: 'API_KEY',
        credentials_data: { api_key: '<redacted>', SECRET: '<redacted>' },
      },
      list: [{ token: '<redacted>' }],
    });
    expect(paths).toEqual([
      'session.credentials_data.Password',
      'session.credentials_data.otp_token',
      'session.credentials_data.parent.credentials_data.api_key',
      'session.credentials_data.parent.credentials_data.SECRET',
      'session.credentials_data.list.0.token',
    ]);
  });

  it('leaves the input untouched and an object without secrets as it is', () => {
    const input = { username: 'root', login_id: 'x', password: 'p' };
    const { value, paths } = redactSecrets({ username: 'root', login_id: 'x' }, 'c');
    expect(value).toEqual({ username: 'root', login_id: 'x' });
    expect(paths).toEqual([]);
    redactSecrets(input, 'c');
    expect(input.password).toBe('p');
  });
});
