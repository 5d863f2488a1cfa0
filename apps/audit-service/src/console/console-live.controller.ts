import { Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { SessionsFollower } from '@authtrail/audit-client';
import type { VerifyReply } from '@authtrail/contracts';
import { VerifyService } from '../audit/verify.service';
import { SessionsProjection } from '../projection/sessions.projection';
import { RpcError } from '../rpc/rpc-error';
import { AlertFeed } from './alert-feed';
import { ChangeFeeds } from './change-feeds';
import { ConsoleErrorFilter } from './console-error.filter';
import { readForm, type ConsoleRequest, type ConsoleResponse } from './console-http';
import { wholeNumber } from './console-queries';
import { EventStream } from './event-stream';
import { knowsHost } from './host-rows';
import { SignedInGuard } from './signed-in.guard';

/** Entries one step of the console's verify checks (its progress is said after each). */
export const VERIFY_STEP = 50_000;

/**
 * The console's live streams (Server-Sent Events): a host's session changes, from the change
 * feed, and the progress of a verify of the whole log.
 */
@Controller('console/api')
@UseGuards(SignedInGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleLiveController {
  private verifying = false;

  constructor(
    private readonly projection: SessionsProjection,
    private readonly feeds: ChangeFeeds,
    private readonly alertFeed: AlertFeed,
    private readonly verifier: VerifyService,
  ) {}

  /**
   * Each alert opened or closed from now on, as `alert` events (`audit.alert.>`): the Alerts
   * page reads its rows again when one comes. `ready` once the subscription holds.
   */
  @Get('alerts/changes')
  async alertChanges(@Req() request: ConsoleRequest, @Res() response: ConsoleResponse) {
    let stop = () => {};
    const stream = new EventStream(request, response, () => stop());
    stop = await this.alertFeed.follow((news) => stream.send('alert', news));
    if (stream.closed) return stop();
    stream.send('ready', {});
  }

  /**
   * The changes of `host`'s sessions after log seq `after` (the seq of the rows the page shows),
   * as `change` events in the follower's order; `resync` (then the end) when some were missed
   * and the page must read its rows again.
   */
  @Get('hosts/:host/changes')
  async changes(
    @Param('host') host: string,
    @Query() query: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: ConsoleResponse,
  ): Promise<void> {
    if (!knowsHost(this.projection.state, host)) {
      throw RpcError.notFound(`no host named ${JSON.stringify(host.slice(0, 200))} in the log`);
    }
    const after = wholeNumber(readForm(query, ['after']), 'after', 0, 0, Number.MAX_SAFE_INTEGER);
    const follower = new SessionsFollower();
    follower.reset(host, after, []);
    let stop = () => {};
    const stream = new EventStream(request, response, () => stop());
    const resync = () => {
      stream.send('resync', { host });
      stream.end();
      stop();
    };
    stop = await this.feeds.watch(host, (change) => {
      if (stream.closed) return;
      const step = follower.apply(change);
      if (step === 'applied') stream.send('change', change);
      else if (step === 'gap') resync();
    });
    if (stream.closed) return stop();
    // A change made before the subscription held is not coming: read again.
    if ((this.projection.state.lastChangeSeqs.get(host) ?? 0) > follower.position) resync();
    else stream.send('ready', { host, after });
  }

  /** Verifies the whole hash chain, VERIFY_STEP entries at a time, saying how far it is. */
  @Get('verify')
  async verify(@Req() request: ConsoleRequest, @Res() response: ConsoleResponse): Promise<void> {
    if (this.verifying) throw RpcError.busy('a verify is running already: wait for it to end');
    this.verifying = true;
    try {
      const stream = new EventStream(request, response, () => undefined);
      const total = this.verifier.lastSeq();
      let checked = 0;
      let result: VerifyReply = { ok: true, checked: 0 };
      stream.send('progress', { checked, total });
      while (checked < total && !stream.closed) {
        const toSeq = Math.min(total, checked + VERIFY_STEP);
        const step = await this.verifier.verify({ fromSeq: checked + 1, toSeq });
        result = { ...step, checked: checked + step.checked };
        checked = toSeq;
        if (!step.ok) break;
        stream.send('progress', { checked, total });
      }
      if (stream.closed) return;
      this.verifier.record(1, result.ok ? total : (result.first_bad_seq ?? checked), result);
      stream.send('done', { ...result, total });
      stream.end();
    } finally {
      this.verifying = false;
    }
  }
}
