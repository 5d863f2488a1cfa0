import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@authtrail/nats-config';
import { DEFAULT_DETECTION_CONFIG } from '@authtrail/detections';
import { loadDetectionConfig } from './detections-config';

describe('loadDetectionConfig', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'authtrail-detect-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the defaults without settings', () => {
    expect(loadDetectionConfig({})).toEqual(DEFAULT_DETECTION_CONFIG);
  });

  it('reads a YAML file, then lets the environment win', () => {
    const yaml = file(
      'detections.yaml',
      [
        'rules:',
        '  brute_force: { threshold: 3, window_seconds: 120 }',
        '  new_origin:',
        '    enabled: true',
        'exempt:',
        '  usernames: [nagios]',
      ].join('\n'),
    );
    const config = loadDetectionConfig({
      AUTHTRAIL_DETECTIONS_FILE: yaml,
      AUTHTRAIL_DETECT_BRUTE_FORCE_THRESHOLD: '8',
      AUTHTRAIL_DETECT_SPRAYING: 'off',
      AUTHTRAIL_DETECT_EXEMPT_HOSTS: 'lab-1,lab-2',
    });
    expect(config.rules.brute_force).toEqual({ enabled: true, threshold: 8, windowMs: 120_000 });
    expect(config.rules.new_origin.enabled).toBe(true);
    expect(config.rules.spraying.enabled).toBe(false);
    expect(config.exemptUsernames).toEqual(['nagios']);
    expect(config.exemptHosts).toEqual(['lab-1', 'lab-2']);
  });

  it('reads a JSON file, and AUTHTRAIL_DETECTIONS=off turns every rule off', () => {
    const json = file('d.json', JSON.stringify({ rules: { distributed: { threshold: 9 } } }));
    expect(
      loadDetectionConfig({ AUTHTRAIL_DETECTIONS_FILE: json }).rules.distributed.threshold,
    ).toBe(9);
    const off = loadDetectionConfig({ AUTHTRAIL_DETECTIONS: 'off' });
    expect(Object.values(off.rules).some((rule) => rule.enabled)).toBe(false);
  });

  it.each([
    [
      { AUTHTRAIL_DETECT_BREAK_IN_WINDOW: '0' },
      'AUTHTRAIL_DETECT_BREAK_IN_WINDOW: "0" is not a whole number from 1 to 604800',
    ],
    [
      { AUTHTRAIL_DETECT_NEW_ORIGIN_THRESHOLD: '2' },
      'AUTHTRAIL_DETECT_NEW_ORIGIN_THRESHOLD: unknown setting',
    ],
    [
      { AUTHTRAIL_DETECTIONS: 'sometimes' },
      'AUTHTRAIL_DETECTIONS: "sometimes" is not on, off, true or false',
    ],
    [{ AUTHTRAIL_ALERTS_KEPT: 'many' }, 'AUTHTRAIL_ALERTS_KEPT: "many" is not a whole number'],
  ])('refuses %j in one line naming the variable', (env, message) => {
    const load = () => loadDetectionConfig(env);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('refuses a file it cannot use, naming it', () => {
    const cases: [string, string][] = [
      [file('bad.yaml', 'rules: [unclosed'), 'is not valid YAML'],
      [file('bad.json', '{"rules":'), 'is not valid JSON'],
      [file('list.yaml', '- 1\n- 2'), 'the file: [1,2] is not an object'],
      [file('typo.yml', 'rule:\n  brute_force: {}'), 'rule: unknown setting'],
      [file('d.toml', 'x = 1'), 'must be a .json, .yaml or .yml file'],
      [join(dir, 'missing.yaml'), 'cannot be read'],
      [
        file('deep.json', '{"rules":{"spraying":{"threshold":"lots"}}}'),
        'rules.spraying.threshold: "lots"',
      ],
    ];
    for (const [path, message] of cases) {
      const load = () => loadDetectionConfig({ AUTHTRAIL_DETECTIONS_FILE: path });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(message);
      try {
        load();
      } catch (error) {
        expect((error as Error).message).not.toContain('\n');
        expect((error as Error).message).toContain(path);
      }
    }
  });
});
