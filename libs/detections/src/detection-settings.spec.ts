import { DEFAULT_DETECTION_CONFIG, DetectionConfigError } from './detection-config';
import { applyDetectionSettings } from './detection-settings';

const inFile = (path: string) => `detections.yaml: ${path}`;

describe('applyDetectionSettings', () => {
  it('changes only what the settings name, numbers and switches given as text too', () => {
    const config = applyDetectionSettings(
      DEFAULT_DETECTION_CONFIG,
      {
        rules: {
          brute_force: { threshold: 3, window_seconds: '60' },
          new_origin: { enabled: 'on' },
          spraying: { enabled: false },
        },
        exempt: { usernames: 'nagios, zabbix', hosts: ['lab-1'] },
        alerts_kept: 50,
      },
      inFile,
    );
    expect(config.rules.brute_force).toEqual({ enabled: true, threshold: 3, windowMs: 60_000 });
    expect(config.rules.new_origin.enabled).toBe(true);
    expect(config.rules.spraying.enabled).toBe(false);
    expect(config.rules.distributed).toEqual(DEFAULT_DETECTION_CONFIG.rules.distributed);
    expect(config.exemptUsernames).toEqual(['nagios', 'zabbix']);
    expect(config.exemptHosts).toEqual(['lab-1']);
    expect(config.alertsKept).toBe(50);
    expect(DEFAULT_DETECTION_CONFIG.rules.brute_force.threshold).toBe(5);
  });

  it('turns every rule off with enabled: off', () => {
    const config = applyDetectionSettings(
      DEFAULT_DETECTION_CONFIG,
      { enabled: 'off', rules: { break_in: { enabled: true } } },
      inFile,
    );
    expect(Object.values(config.rules).map((rule) => rule.enabled)).not.toContain(true);
  });

  it.each([
    [
      { rules: { brute_force: { threshold: 0 } } },
      'rules.brute_force.threshold: 0 is not a whole number from 1 to 1000000',
    ],
    [{ rules: { brute_force: { threshold: 2.5 } } }, 'rules.brute_force.threshold: 2.5'],
    [{ rules: { spraying: { window_seconds: '' } } }, 'rules.spraying.window_seconds: "" is not'],
    [{ rules: { spraying: { window_seconds: 604801 } } }, 'from 1 to 604800'],
    [{ rules: { new_origin: { threshold: 2 } } }, 'rules.new_origin.threshold: unknown setting'],
    [{ rules: { brute_forse: {} } }, 'rules.brute_forse: unknown setting'],
    [{ rules: { break_in: { enabled: 'maybe' } } }, 'is not on, off, true or false'],
    [{ rules: [] }, 'rules: [] is not an object'],
    [{ exempt: { usernames: [1] } }, 'exempt.usernames: [1] is not a list'],
    [{ exempt: { groups: [] } }, 'exempt.groups: unknown setting'],
    [{ alerts_kept: -1 }, 'alerts_kept: -1'],
    ['rules: x', ': "rules: x" is not an object'],
    [null, ': null is not an object'],
  ])('refuses %j naming the setting', (settings, message) => {
    const apply = () => applyDetectionSettings(DEFAULT_DETECTION_CONFIG, settings, inFile);
    expect(apply).toThrow(DetectionConfigError);
    expect(apply).toThrow(message);
  });
});
