import { addToAlert, alertRow, alertRowJson, alertRows, newAlert, type Alert } from './alert';

function alert(seq: number, at = Date.parse('2026-03-01T12:00:00Z')): Alert {
  return newAlert({
    rule: 'brute_force',
    host: 'host-1',
    key: `10.0.0.${seq}`,
    address: `10.0.0.${seq}`,
    username: null,
    at,
    seq,
    seqs: [seq],
  });
}

describe('alertRows', () => {
  it('reads the rows of the alerts in their order, the cached row of each', () => {
    const alerts = [alert(1), alert(2), alert(3)];
    const cached = alertRow(alerts[1]);
    const rows = [...alertRows({ alerts })];
    expect(rows.map((row) => row.id)).toEqual(['brute_force:1', 'brute_force:2', 'brute_force:3']);
    expect(rows[1]).toBe(cached);
    expect(rows[0]).toBe(alertRow(alerts[0]));
  });

  it('reads an alert changed or pushed while it reads, as an array iterator would', () => {
    const alerts = [alert(1), alert(2)];
    const iterator = alertRows({ alerts });
    expect(iterator.next()).toEqual({ done: false, value: alertRow(alerts[0]) });
    addToAlert(alerts[1], 7, Date.parse('2026-03-01T12:00:30Z'));
    alerts.push(alert(3));
    expect(iterator.next().value).toMatchObject({ id: 'brute_force:2', count: 2, seqs: [2, 7] });
    expect(iterator.next().value).toMatchObject({ id: 'brute_force:3' });
    expect(iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('stays done once past the end, even when the list grows', () => {
    const alerts: Alert[] = [];
    const iterator = alertRows({ alerts });
    expect(iterator.next().done).toBe(true);
    alerts.push(alert(1));
    expect(iterator.next().done).toBe(true);
  });

  it('keeps reading the list it started with when the state holds another', () => {
    const state = { alerts: [alert(1), alert(2)] };
    const iterator = alertRows(state);
    expect(iterator.next().value).toMatchObject({ id: 'brute_force:1' });
    state.alerts = [alert(9)];
    expect([...iterator].map((row) => row.id)).toEqual(['brute_force:2']);
  });

  it('is its own iterable', () => {
    const iterator = alertRows({ alerts: [alert(1)] });
    expect(iterator[Symbol.iterator]()).toBe(iterator);
  });
});

describe('alertRowJson', () => {
  it("gives a row's JSON text, the same for every reply until the alert changes", () => {
    const changing = alert(1);
    const row = alertRow(changing);
    const text = alertRowJson(row);
    expect(text).toBe(JSON.stringify(row));
    expect(alertRowJson(row)).toBe(text);
    addToAlert(changing, 5, Date.parse('2026-03-01T12:00:40Z'));
    const changed = alertRow(changing);
    expect(alertRowJson(changed)).toBe(JSON.stringify(changed));
    expect(JSON.parse(alertRowJson(changed)!)).toMatchObject({ count: 2, seqs: [1, 5] });
    expect(alertRowJson(row)).toBe(text);
  });

  it('knows only the rows alertRow made', () => {
    const row = alertRow(alert(1));
    expect(alertRowJson({ ...row })).toBeUndefined();
    expect(alertRowJson({ id: row.id })).toBeUndefined();
    expect(alertRowJson(null)).toBeUndefined();
    expect(alertRowJson('brute_force:1')).toBeUndefined();
  });
});
