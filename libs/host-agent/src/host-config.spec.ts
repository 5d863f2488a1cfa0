import { HOST_DEFAULTS, parseConfigText, resolveHostSettings } from './host-config';

describe('parseConfigText', () => {
  it('reads KEY=value lines, quoted or not, with comments and blank lines', () => {
    const text = [
      '# where events go',
      'NATS_URL=nats://10.0.0.1:4222',
      '',
      'NATS_CREDS = "/etc/authtrail/host.creds"',
      "AUTHTRAIL_HOST='nas1'",
      'AUTHTRAIL_PAM_TIMEOUT_MS=1500\r',
    ].join('\n');
    expect(parseConfigText(text, 'f')).toEqual({
      values: {
        NATS_URL: 'nats://10.0.0.1:4222',
        NATS_CREDS: '/etc/authtrail/host.creds',
        AUTHTRAIL_HOST: 'nas1',
        AUTHTRAIL_PAM_TIMEOUT_MS: '1500',
      },
    });
  });

  it('names the line of an unknown key, a line without =, and a key given twice', () => {
    const text = 'NATS_URL=a\nNATS_URLS=b\njunk\nNATS_URL=c\nPATH=/tmp\n';
    const parsed = parseConfigText(text, '/etc/authtrail/host.env');
    expect(parsed).toHaveProperty('problems');
    const problems = (parsed as { problems: string[] }).problems;
    expect(problems[0]).toMatch(/^\/etc\/authtrail\/host\.env:2: unknown key "NATS_URLS"/);
    expect(problems[1]).toBe('/etc/authtrail/host.env:3: not KEY=value');
    expect(problems[2]).toBe('/etc/authtrail/host.env:4: NATS_URL is given twice');
    expect(problems[3]).toMatch(/:5: unknown key "PATH"/);
  });
});

describe('resolveHostSettings', () => {
  it('takes the defaults, then the file, then the flags', () => {
    const settings = resolveHostSettings(
      { NATS_URL: 'nats://file:4222', AUTHTRAIL_HOST: 'filehost', AUTHTRAIL_SPOOL_DIR: '/s' },
      { AUTHTRAIL_HOST: 'flaghost', AUTHTRAIL_PAM_TIMEOUT_MS: undefined },
      'machine',
    );
    expect(settings).toEqual({
      host: 'flaghost',
      natsEnv: { NATS_URL: 'nats://file:4222' },
      spoolDir: '/s',
      stateDir: HOST_DEFAULTS.AUTHTRAIL_STATE_DIR,
      bootIdFile: HOST_DEFAULTS.AUTHTRAIL_BOOT_ID_FILE,
      pamTimeoutMs: 2000,
      agentIntervalMs: 10000,
      terminateGraceMs: 5000,
    });
    expect(resolveHostSettings({}, {}, 'machine')).toMatchObject({ host: 'machine', natsEnv: {} });
  });

  it('names each bad value', () => {
    const result = resolveHostSettings(
      { AUTHTRAIL_PAM_TIMEOUT_MS: '2s', AUTHTRAIL_STATE_DIR: 'run/authtrail' },
      { AUTHTRAIL_HOST: 'nas.example', AUTHTRAIL_AGENT_INTERVAL_MS: '0' },
      'machine',
    );
    expect(result).toEqual({
      problems: [
        'host "nas.example": 1-64 of [A-Za-z0-9_-] (AUTHTRAIL_HOST or --host)',
        'AUTHTRAIL_PAM_TIMEOUT_MS: "2s" is not a number of milliseconds',
        'AUTHTRAIL_AGENT_INTERVAL_MS: "0" is not a number of milliseconds',
        'AUTHTRAIL_STATE_DIR: "run/authtrail" is not an absolute path',
      ],
    });
  });
});
