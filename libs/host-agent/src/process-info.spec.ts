import { isSameProcess, parseProcStat, processInfo } from './process-info';

describe('parseProcStat', () => {
  const tail = 'S 1 2 3 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200';

  it('reads the state and start time after the command name', () => {
    expect(parseProcStat(`4312 (sshd) ${tail}`)).toEqual({ state: 'S', startTime: '987654' });
  });

  it('is not fooled by a command name with spaces and parentheses', () => {
    expect(parseProcStat(`4312 (a) Z 9 (b) ${tail}`)).toEqual({ state: 'S', startTime: '987654' });
  });

  it('is undefined for a text that is no stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('4312 (sshd) S 1')).toBeUndefined();
  });
});

describe('processInfo', () => {
  it('knows this process, and that a start time of another process is not it', () => {
    const self = processInfo(process.pid);
    expect(self?.state).toMatch(/^[RS]$/);
    expect(isSameProcess(process.pid, self!.startTime)).toBe(true);
    expect(isSameProcess(process.pid, `${self!.startTime}1`)).toBe(false);
  });

  it('is undefined for a pid no process has', () => {
    expect(processInfo(2 ** 22 + 1)).toBeUndefined();
  });
});
