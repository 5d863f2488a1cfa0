import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys, type ConnectionOptions } from 'nats';
import { ConfigError, natsConnectionOptions, readNatsCredentials, type Env } from './nats-env';

interface KeyPair {
  getPublicKey(): string;
  getSeed(): Uint8Array;
  verify(data: Uint8Array, sig: Uint8Array): boolean;
}
const keys = nkeys as {
  createUser(): KeyPair;
  createAccount(): KeyPair;
  createOperator(): KeyPair;
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A user JWT of the right shape (not signed by a real account: parsing does not check that). */
function fakeJwt(publicKey: string): string {
  const header = b64url({ typ: 'JWT', alg: 'ed25519-nkey' });
  const payload = b64url({ sub: publicKey, nats: { type: 'user', version: 2 } });
  return `${header}.${payload}.${Buffer.from('signature').toString('base64url')}`;
}

/** A .creds file laid out as `nsc generate creds` writes it. */
function credsFile(jwt: string | undefined, seed: string | undefined, eol = '\n'): string {
  const lines: string[] = [];
  if (jwt !== undefined) {
    lines.push('-----BEGIN NATS USER JWT-----', jwt, '------END NATS USER JWT------', '');
  }
  lines.push(
    '************************* IMPORTANT *************************',
    'NKEY Seed printed below can be used to sign and prove identity.',
    'NKEYs are sensitive and should be treated as secrets.',
    '',
  );
  if (seed !== undefined) {
    lines.push('-----BEGIN USER NKEY SEED-----', seed, '------END USER NKEY SEED------', '');
  }
  lines.push('*************************************************************', '');
  return lines.join(eol);
}

/** What the authenticator sends to a server that asked it to sign `nonce`. */
function authFor(options: ConnectionOptions, nonce = 'nonce-123'): Record<string, string> {
  const authenticator = options.authenticator;
  if (typeof authenticator !== 'function') throw new Error('no authenticator');
  return authenticator(nonce) as unknown as Record<string, string>;
}

describe('natsConnectionOptions', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  const options = (env: Env) => natsConnectionOptions(env, 'test');
  const failure = (env: Env): string => {
    try {
      options(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-nats-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('without auth or TLS', () => {
    it('connects to the default address, retrying for ever', () => {
      expect(options({})).toEqual({
        servers: ['nats://127.0.0.1:4222'],
        name: 'test',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        waitOnFirstConnect: true,
      });
    });

    it('takes a comma-separated server list', () => {
      expect(options({ NATS_URL: 'nats://a:4222, b:4223' }).servers).toEqual([
        'nats://a:4222',
        'b:4223',
      ]);
    });

    it('refuses an address that is not one', () => {
      expect(failure({ NATS_URL: 'http://x y' })).toMatch(/^NATS_URL: "http:\/\/x y" is not/);
    });

    it.each(['99999', '0', '65536'])('refuses port %s (ports are 1 to 65535)', (port) => {
      expect(failure({ NATS_URL: `nats://a:4222,nats://127.0.0.1:${port}` })).toBe(
        `NATS_URL: "nats://127.0.0.1:${port}" has port ${port}, not one from 1 to 65535`,
      );
    });

    it('takes the highest port there is', () => {
      expect(options({ NATS_URL: 'nats://a:65535' }).servers).toEqual(['nats://a:65535']);
    });
  });

  describe('user and password, token', () => {
    it('passes a user and password', () => {
      expect(options({ NATS_USER: 'u', NATS_PASS: 'p' })).toMatchObject({ user: 'u', pass: 'p' });
    });

    it('passes a token', () => {
      const result = options({ NATS_TOKEN: 't' });
      expect(result.token).toBe('t');
      expect(result.user).toBeUndefined();
      expect(result.authenticator).toBeUndefined();
    });

    it.each([{ NATS_USER: 'u' }, { NATS_PASS: 'p' }])('wants both user and password: %j', (env) => {
      expect(failure(env)).toBe('NATS_USER and NATS_PASS go together: set both or neither');
    });

    it.each([
      { NATS_USER: 'u', NATS_PASS: 'p', NATS_TOKEN: 't' },
      { NATS_TOKEN: 't', NATS_CREDS: '/nonexistent' },
      { NATS_USER: 'u', NATS_PASS: 'p', NATS_CREDS: '/nonexistent' },
    ])('takes one method only: %j', (env) => {
      expect(failure(env)).toBe('set only one of NATS_CREDS, NATS_USER + NATS_PASS and NATS_TOKEN');
    });
  });

  describe('NATS_CREDS', () => {
    it('says which file it cannot read', () => {
      expect(failure({ NATS_CREDS: join(dir, 'missing.creds') })).toMatch(
        /^NATS_CREDS=.*missing\.creds: cannot read the file \(ENOENT/,
      );
    });

    it('says so for a file it may not read', () => {
      const path = file('locked.nk', text(keys.createUser().getSeed()));
      chmodSync(path, 0o000);
      if (process.getuid?.() === 0) return; // root reads everything
      expect(failure({ NATS_CREDS: path })).toMatch(/cannot read the file \(EACCES/);
    });

    it('detects a bare NKey user seed and signs the nonce with it', () => {
      const user = keys.createUser();
      const path = file('user.nk', `${text(user.getSeed())}\n`);
      expect(readNatsCredentials(path)).toMatchObject({
        kind: 'nkey',
        publicKey: user.getPublicKey(),
      });
      const result = options({ NATS_CREDS: path });
      const auth = authFor(result);
      expect(auth.nkey).toBe(user.getPublicKey());
      expect(auth.jwt).toBeUndefined();
      const signature = Buffer.from(auth.sig, 'base64url');
      expect(user.verify(new TextEncoder().encode('nonce-123'), signature)).toBe(true);
      expect(result.user).toBeUndefined();
    });

    it('accepts a seed in a BEGIN/END block without a JWT as an NKey seed', () => {
      const user = keys.createUser();
      const path = file('user.creds', credsFile(undefined, text(user.getSeed())));
      expect(readNatsCredentials(path)).toMatchObject({
        kind: 'nkey',
        publicKey: user.getPublicKey(),
      });
    });

    it.each(['\n', '\r\n'])('detects a .creds file (JWT + seed), lines ending %j', (eol) => {
      const user = keys.createUser();
      const jwt = fakeJwt(user.getPublicKey());
      const path = file('user.creds', credsFile(jwt, text(user.getSeed()), eol));
      expect(readNatsCredentials(path)).toMatchObject({ kind: 'creds', jwt });
      const auth = authFor(options({ NATS_CREDS: path }));
      expect(auth.jwt).toBe(jwt);
      expect(auth.nkey).toBe(user.getPublicKey());
      const signature = Buffer.from(auth.sig, 'base64url');
      expect(user.verify(new TextEncoder().encode('nonce-123'), signature)).toBe(true);
    });

    it('refuses a .creds file with a JWT but no seed', () => {
      const path = file('nojwt.creds', credsFile(fakeJwt('UX'), undefined));
      expect(failure({ NATS_CREDS: path })).toBe(
        `NATS_CREDS=${path}: the .creds file has a user JWT but no NKey seed block`,
      );
    });

    it('refuses a .creds file whose JWT is not one', () => {
      const seed = text(keys.createUser().getSeed());
      const path = file('badjwt.creds', credsFile('not-a-jwt', seed));
      const message = failure({ NATS_CREDS: path });
      expect(message).toBe(`NATS_CREDS=${path}: the .creds file's user JWT is malformed`);
      expect(message).not.toContain(seed);
    });

    it.each([
      ['an empty file', ''],
      ['a password', 'hunter2\n'],
      ['a public key', 'UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4\n'],
      ['JSON', '{"user":"a","pass":"b"}'],
    ])('refuses %s', (_what, content) => {
      const path = file('junk', content);
      expect(failure({ NATS_CREDS: path })).toBe(
        `NATS_CREDS=${path}: neither a NATS .creds file (user JWT and seed) nor an NKey user seed (SU...)`,
      );
    });

    it.each([
      ['an account', () => keys.createAccount()],
      ['an operator', () => keys.createOperator()],
    ])('refuses the seed of %s, without printing it', (role, make) => {
      const seed = text(make().getSeed());
      const path = file('other.nk', seed);
      const message = failure({ NATS_CREDS: path });
      expect(message).toBe(
        `NATS_CREDS=${path}: holds the NKey seed of ${role} key, not of a user (a user seed starts with SU)`,
      );
      expect(message).not.toContain(seed);
    });

    it('refuses a seed with a bad checksum, without printing it', () => {
      const seed = text(keys.createUser().getSeed());
      const broken = seed.slice(0, -2) + (seed.endsWith('AA') ? 'BB' : 'AA');
      const path = file('broken.nk', broken);
      const message = failure({ NATS_CREDS: path });
      expect(message).toMatch(/^NATS_CREDS=.*: the NKey seed is not valid \(nkeys: /);
      expect(message).not.toContain(broken);
    });
  });

  describe('TLS', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

    it('verifies the server against NATS_TLS_CA', () => {
      const ca = file('ca.pem', pem);
      expect(options({ NATS_TLS_CA: ca }).tls).toEqual({ caFile: ca });
      expect(options({ NATS_URL: 'tls://h:4222', NATS_TLS_CA: ca })).toMatchObject({
        servers: ['tls://h:4222'],
        tls: { caFile: ca },
      });
    });

    it('requires TLS for a tls:// address (no fallback to plain text)', () => {
      expect(options({ NATS_URL: 'tls://h:4222,tls://i:4222' }).tls).toEqual({});
      expect(options({ NATS_URL: 'nats://h:4222' }).tls).toBeUndefined();
    });

    it('refuses a server list that mixes tls:// and plain addresses', () => {
      expect(failure({ NATS_URL: 'tls://h:4222,nats://i:4222' })).toMatch(
        /^NATS_URL: mixes tls:\/\/ and plain addresses/,
      );
    });

    it('says which CA file it cannot read', () => {
      expect(failure({ NATS_TLS_CA: join(dir, 'nope.pem') })).toMatch(
        /^NATS_TLS_CA=.*nope\.pem: cannot read the file/,
      );
    });

    it('refuses a CA file that holds no PEM certificate', () => {
      const key = file('key.pem', '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n');
      expect(failure({ NATS_TLS_CA: key })).toBe(
        `NATS_TLS_CA=${key}: not a PEM certificate (no "-----BEGIN CERTIFICATE-----" line)`,
      );
    });

    it('combines with any auth method', () => {
      const ca = file('ca.pem', pem);
      const seed = file('u.nk', text(keys.createUser().getSeed()));
      const result = options({ NATS_URL: 'tls://h:1', NATS_TLS_CA: ca, NATS_CREDS: seed });
      expect(result.tls).toEqual({ caFile: ca });
      expect(typeof result.authenticator).toBe('function');
    });
  });
});
