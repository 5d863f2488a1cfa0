import { loggedIn } from '../../../test/fixtures/auth-events';
import { ServiceModuleRig } from '../../../test/harness/service-module';
import { StatsService } from './audit/stats.service';
import { MetricsService } from './ops/metrics.service';
import { SessionsProjection } from './projection/sessions.projection';
import { LOG_SIGNER, WITNESS_SIGNER } from './signing/signers.provider';
import { IngestStatus } from './status/ingest-status';

/** The feature modules wired together over a real log and NATS server, without the transports. */
describe('AuditServiceModule', () => {
  let rig: ServiceModuleRig;

  beforeAll(async () => {
    rig = await ServiceModuleRig.start();
  });

  afterAll(() => rig?.close());

  it('shares one projection and one ingest status between the write path and the read side', async () => {
    const { app } = rig;
    const event = loggedIn({ host: 'nas1' });
    const waiting = app.get(SessionsProjection, { strict: false }).waitUntilHandled(3, 5_000);
    const outcome = await rig.ingest(event, 3, new Date('2026-01-02T03:04:05.000Z'));
    expect(outcome).toEqual({ appended: 1, duplicates: 0, deadLetters: 0 });
    await expect(waiting).resolves.toBe(true);
    const stats = await app.get(StatsService, { strict: false }).stats();
    expect(stats.per_host).toEqual({ nas1: { login: 1 } });
    expect(stats.ingest).toEqual({ failing: false });
    expect(app.get(IngestStatus, { strict: false }).health).toEqual({ failing: false });
    const metrics = await app.get(MetricsService, { strict: false }).registry.metrics();
    expect(metrics).toContain('authtrail_events_ingested_total{kind="login"} 1');
  });

  it("gives every module the log's signer, and no witness when none is configured", () => {
    expect(rig.app.get(LOG_SIGNER, { strict: false })).toBe(rig.signers.log);
    expect(rig.app.get(WITNESS_SIGNER, { strict: false })).toBeNull();
  });
});
