import { ServiceLogger } from './service-logger';

describe('ServiceLogger.warnOnStderr', () => {
  let stderr: jest.SpyInstance;
  let stdout: jest.SpyInstance;

  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => jest.restoreAllMocks());

  it('writes one warn line on stderr, none on stdout', () => {
    new ServiceLogger('authtrail', { json: true }).warnOnStderr('X is deprecated', 'authtrail');
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(stderr.mock.calls[0][0]))).toMatchObject({
      level: 'warn',
      message: 'X is deprecated',
      context: 'authtrail',
    });
  });

  it('keeps to the log levels asked for', () => {
    new ServiceLogger('authtrail', { logLevels: ['fatal', 'error'] }).warnOnStderr('X', 'a');
    expect(stderr).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
  });
});
