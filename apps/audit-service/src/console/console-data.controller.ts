import {
  Controller,
  Get,
  Header,
  Inject,
  Param,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  LOG_SEQ_HEADER,
  type AlertRow,
  type LogEntryView,
  type SessionRow,
} from '@authtrail/contracts';
import { compileQuery, type QueryResult } from '@authtrail/filter-list';
import type { KeyFileSigner } from '@authtrail/key-files';
import { AlertsQueryService } from '../audit/alerts-query.service';
import { LogQueryService } from '../audit/log-query.service';
import { parseAlertsRequest, parseSessionsAtRequest } from '../audit/audit-requests';
import { TimeTravelService } from '../audit/time-travel.service';
import { VerifyService } from '../audit/verify.service';
import { DetectionsProjection } from '../detections/detections.projection';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { SessionsProjection } from '../projection/sessions.projection';
import { parseSessionsRequest } from '../query/sessions-request';
import { SessionsQueryService } from '../query/sessions-query.service';
import { RpcError } from '../rpc/rpc-error';
import { LOG_SIGNER } from '../signing/signers.provider';
import { CheckpointPublisher } from '../transparency/checkpoint-publisher';
import { CheckpointSigner } from '../transparency/checkpoint-signer';
import { InclusionProofs } from '../transparency/inclusion-proofs';
import { ConsoleErrorFilter } from './console-error.filter';
import { readForm } from './console-http';
import {
  alertId,
  alertsQuery,
  FormError,
  hostsQuery,
  historyPage,
  pageSize,
  wholeNumber,
} from './console-queries';
import { hostRows, knowsHost, openAlertsOf, type HostRow } from './host-rows';
import { HOUR_MS, plotFilters, plotSeries, type PlotEntry } from './plot-series';
import { SignedInGuard } from './signed-in.guard';

/** Most entries the plots read (beyond it they say they are cut), and how many per query. */
const PLOT_ENTRIES_MAX = 200_000;
const PLOT_READ = 10_000;

const asRows = <T>(result: QueryResult) => result as unknown as T[];

/**
 * The console's data, as JSON (docs/contract-notes.md, Console): every answer comes from the
 * services the RPCs use, with the forms turned into the query language first.
 */
@Controller('console/api')
@UseGuards(SignedInGuard)
@UseFilters(ConsoleErrorFilter)
export class ConsoleDataController {
  constructor(
    private readonly projection: SessionsProjection,
    private readonly sessions: SessionsQueryService,
    private readonly logQuery: LogQueryService,
    private readonly timeTravel: TimeTravelService,
    private readonly verifier: VerifyService,
    private readonly signer: CheckpointSigner,
    private readonly publisher: CheckpointPublisher,
    private readonly proofs: InclusionProofs,
    private readonly alertsQuery: AlertsQueryService,
    private readonly detections: DetectionsProjection,
    @Inject(LOG_SIGNER) private readonly logSigner: KeyFileSigner,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('me')
  @Header('Cache-Control', 'no-store')
  me() {
    return { origin: this.logSigner.name, verifier_key: this.logSigner.verifierKey };
  }

  @Get('hosts')
  @Header('Cache-Control', 'no-store')
  async hosts(@Query() query: unknown) {
    const { filters, options } = hostsQuery(
      readForm(query, ['q', 'sort', 'dir', 'offset', 'limit']),
    );
    const state = this.projection.state;
    const openAlerts = openAlertsOf(this.detections.state);
    const limits = this.config.queryLimits;
    const all = () => hostRows(state, openAlerts);
    const total = compileQuery(filters, { count: true }, limits).run(all()) as number;
    const rows = asRows<HostRow>(compileQuery(filters, options, limits).run(all()));
    const seqs = rows.map((row) => row.last_change_seq).filter((seq) => seq > 0);
    const lastChanges = new Map<number, Partial<LogEntryView>>();
    if (seqs.length > 0) {
      const select = { select: ['seq', 'kind', 'occurred_at'] };
      for (const entry of asRows<Partial<LogEntryView>>(
        await this.logQuery.query([['seq', 'in', seqs]], select),
      )) {
        lastChanges.set(entry.seq!, entry);
      }
    }
    const lastEvents = await this.logQuery.lastEntries(rows.map((row) => row.host));
    return {
      total,
      offset: options.offset,
      rows: rows.map((row, i) => {
        const last = lastEvents[i];
        return {
          ...row,
          last_change: lastChanges.get(row.last_change_seq) ?? null,
          last_event: last
            ? {
                seq: last.seq,
                kind: last.kind,
                occurred_at: { $date: Date.parse(last.occurred_at) },
              }
            : null,
        };
      }),
    };
  }

  @Get('hosts/:host/sessions')
  @Header('Cache-Control', 'no-store')
  async hostSessions(@Param('host') host: string, @Query() query: unknown) {
    this.knownHost(host);
    const form = readForm(query, ['q', 'offset', 'limit']);
    const filters = form.q
      ? [
          [
            'OR',
            ['id', 'origin', 'credentials', 'credentials_data.username'].map((f) => [
              f,
              'Crin',
              form.q,
            ]),
          ],
        ]
      : [];
    const limit = pageSize(form, 100);
    const offset = wholeNumber(form, 'offset', 0, 0, 1_000_000_000);
    if (filters.length === 0) {
      // No filter: the page stops reading at offset + limit, and counting every row costs
      // nothing per row; one pass would gather all 100,000 rows of a big host to show 100.
      const page = await this.sessions.sessions(
        parseSessionsRequest({ host, filters, options: { limit, offset } }),
      );
      const count = await this.sessions.sessions(
        parseSessionsRequest({ host, filters, options: { count: true } }),
      );
      return {
        seq: Number(page.headers[LOG_SEQ_HEADER]),
        total: count.result as number,
        offset,
        rows: asRows<SessionRow>(page.result),
      };
    }
    // Free text: one pass, every match (references to the projection's rows, nothing copied),
    // then the page cut from them. A page and a count were two passes testing four fields of
    // every row, and the two could see different states of the rows.
    const all = await this.sessions.sessions(parseSessionsRequest({ host, filters }));
    const matches = asRows<SessionRow>(all.result);
    return {
      seq: Number(all.headers[LOG_SEQ_HEADER]),
      total: matches.length,
      offset,
      rows: matches.slice(offset, offset + limit),
    };
  }

  @Get('at')
  @Header('Cache-Control', 'no-store')
  async sessionsAt(@Query() query: unknown) {
    const form = readForm(query, ['host', 'at', 'offset', 'limit']);
    if (!form.host) throw new FormError('host: name the host');
    if (!form.at) throw new FormError('at: give a time');
    this.knownHost(form.host);
    const options = {
      limit: pageSize(form, 100),
      offset: wholeNumber(form, 'offset', 0, 0, 1_000_000_000),
    };
    const request = { host: form.host, at: form.at };
    const rows = await this.timeTravel.sessionsAt(parseSessionsAtRequest({ ...request, options }));
    const total = await this.timeTravel.sessionsAt(
      parseSessionsAtRequest({ ...request, options: { count: true } }),
    );
    return { total: total as number, offset: options.offset, rows: asRows<SessionRow>(rows) };
  }

  @Get('log')
  @Header('Cache-Control', 'no-store')
  async log(@Query() query: unknown) {
    const fields = ['user', 'address', 'kind', 'host', 'from', 'to', 'text', 'before', 'after'];
    const form = readForm(query, [...fields, 'limit']);
    const page = historyPage(form);
    const read = asRows<LogEntryView>(await this.logQuery.query(page.filters, page.options));
    const more = read.length > page.limit;
    const rows = read.slice(0, page.limit);
    if (!page.newerFirst) rows.reverse();
    return {
      rows,
      older: page.newerFirst ? more : rows.length > 0 || form.after !== undefined,
      newer: page.newerFirst ? form.before !== undefined : more,
    };
  }

  @Get('log/:seq')
  @Header('Cache-Control', 'no-store')
  async entry(@Param('seq') raw: string) {
    const seq = wholeNumber({ seq: raw }, 'seq', 0, 1, Number.MAX_SAFE_INTEGER);
    const found = asRows<LogEntryView>(await this.logQuery.query([['seq', '=', seq]], {}));
    if (found.length === 0) throw RpcError.notFound(`the log has no entry ${seq}`);
    const proof = await this.proofs.prove(seq);
    const checkpoint = this.signer.checkpoint(proof.size);
    return {
      entry: found[0],
      proof,
      checkpoint: checkpoint && {
        note: checkpoint.note,
        size: checkpoint.size,
        root: Buffer.from(checkpoint.root).toString('base64'),
      },
    };
  }

  /** The alerts kept, as `audit.alerts` answers them: a page of them and how many match. */
  @Get('alerts')
  @Header('Cache-Control', 'no-store')
  async alerts(@Query() query: unknown) {
    const { filters, options } = alertsQuery(
      readForm(query, ['rule', 'host', 'state', 'sort', 'dir', 'offset', 'limit']),
    );
    const rows = await this.alertsQuery.alerts(parseAlertsRequest({ filters, options }));
    const total = await this.alertsQuery.alerts(
      parseAlertsRequest({ filters, options: { count: true } }),
    );
    return {
      total: total as number,
      offset: options.offset as number,
      rows: asRows<AlertRow>(rows),
    };
  }

  /**
   * An alert and the entries behind it (its seqs, oldest first), read as the History page reads
   * the log; each entry's proof is asked for and checked in the page (`log/:seq`).
   */
  @Get('alerts/:id/evidence')
  @Header('Cache-Control', 'no-store')
  async evidence(@Param('id') raw: string) {
    const id = alertId(raw);
    const [alert] = asRows<AlertRow>(
      await this.alertsQuery.alerts(
        parseAlertsRequest({ filters: [['id', '=', id]], options: { limit: 1 } }),
      ),
    );
    if (!alert) {
      throw RpcError.notFound(
        `no alert ${JSON.stringify(id)} is kept (the oldest closed ones are forgotten beyond alerts_kept)`,
      );
    }
    const entries = asRows<LogEntryView>(
      await this.logQuery.query([['seq', 'in', alert.seqs]], { order_by: ['seq'] }),
    );
    return { alert, entries };
  }

  @Get('integrity')
  @Header('Cache-Control', 'no-store')
  async integrity() {
    const latest = this.signer.checkpoint();
    return {
      origin: this.logSigner.name,
      verifier_key: this.logSigner.verifierKey,
      last_seq: this.verifier.lastSeq(),
      checkpoint: latest
        ? {
            note: latest.note,
            size: latest.size,
            root: Buffer.from(latest.root).toString('base64'),
            signed_at: latest.signedAt,
          }
        : null,
      cosigned: await this.publisher.cosignedNotes(this.logSigner.name),
      last_verify: this.verifier.lastRun ?? null,
    };
  }

  @Get('plots')
  @Header('Cache-Control', 'no-store')
  async plots(@Query() query: unknown) {
    const form = readForm(query, ['host', 'days']);
    const days = wholeNumber(form, 'days', 7, 1, 31);
    if (form.host) this.knownHost(form.host);
    const hours = days * 24;
    const from = (Math.floor(Date.now() / HOUR_MS) + 1 - hours) * HOUR_MS;
    const entries: PlotEntry[] = [];
    const options = {
      select: ['seq', 'kind', 'occurred_at', 'origin'],
      order_by: ['seq'],
      limit: PLOT_READ,
    };
    for (
      let after = 0, read = PLOT_READ;
      read === PLOT_READ && entries.length < PLOT_ENTRIES_MAX;
    ) {
      const filters = [...plotFilters(from, form.host || undefined), ['seq', '>', after]];
      const page = asRows<PlotEntry & { seq: number }>(await this.logQuery.query(filters, options));
      entries.push(...page);
      read = page.length;
      after = page[read - 1]?.seq ?? after;
    }
    return { ...plotSeries(entries, from, hours), cut: entries.length >= PLOT_ENTRIES_MAX };
  }

  private knownHost(host: string): void {
    if (!knowsHost(this.projection.state, host)) {
      throw RpcError.notFound(`no host named ${JSON.stringify(host.slice(0, 200))} in the log`);
    }
  }
}
