import { alertRow, newAlert } from '@authtrail/detections';
import type { QueryResult } from '@authtrail/filter-list';
import { JsonReplySerializer } from '../rpc/json-reply.serializer';
import { KnownTextRows } from '../rpc/known-text-rows';
import type { AlertsQueryService } from './alerts-query.service';
import { AlertsController } from './alerts.controller';

const row = alertRow(
  newAlert({
    rule: 'brute_force',
    host: 'host-1',
    key: '10.0.0.1',
    address: '10.0.0.1',
    username: null,
    at: Date.parse('2026-03-01T12:00:00Z'),
    seq: 1,
    seqs: [1, 2, 3, 4, 5],
  }),
);

function controller(result: QueryResult): AlertsController {
  return new AlertsController({ alerts: () => Promise.resolve(result) } as never);
}

const replied = (response: unknown): string =>
  new TextDecoder().decode(new JsonReplySerializer().serialize({ response }).data);

describe('AlertsController.alerts', () => {
  it('replies with a list of rows as the same bytes, through the texts kept with the rows', async () => {
    const rows = [row, { id: row.id }];
    const result = await controller(rows).alerts({});
    expect(result).toBeInstanceOf(KnownTextRows);
    expect(replied(result)).toBe(replied(rows));
  });

  it('replies with a count or a single row as it is', async () => {
    await expect(controller(3).alerts({})).resolves.toBe(3);
    const got = { ...row } as QueryResult;
    await expect(controller(got).alerts({})).resolves.toBe(got);
  });

  it('parses the request before the query runs', async () => {
    const alerts = jest.fn<Promise<QueryResult>, unknown[]>(() => Promise.resolve(0));
    const service = { alerts } as unknown as AlertsQueryService;
    await new AlertsController(service).alerts({ options: { count: true }, after_seq: 4 });
    expect(alerts).toHaveBeenCalledWith({ filters: [], options: { count: true }, afterSeq: 4 });
  });
});
