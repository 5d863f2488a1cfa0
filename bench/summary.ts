import type { FloodFigures } from './flood.bench';
import type { IngestRound } from './ingest.bench';
import type { LiveRound } from './live.bench';
import type { ScaleFigures } from './scale.bench';
import type { SnapshotFigures } from './snapshots.bench';
import { median } from './stats';

/** One of issue 19's figures: what was measured, its target and whether it is met. */
export interface TargetRow {
  figure: string;
  value: string;
  target: string;
  /** `met`, `not met`, or `not run` when the run left its scenario out. */
  verdict: 'met' | 'not met' | 'not run';
}

/** The figures of a run that issue 19 sets targets for (each absent when not run). */
export interface IssueFigures {
  ingest?: { events: number; rounds: IngestRound[] };
  live?: { rounds: LiveRound[]; per_second: number; seconds: number };
  scale?: ScaleFigures;
  snapshots?: SnapshotFigures;
  flood?: FloodFigures;
}

const fmt = (value: number) => value.toLocaleString('en');
const verdict = (met: boolean) => (met ? 'met' : 'not met');

function row(figure: string, target: string, measured?: [string, boolean]): TargetRow {
  return measured
    ? { figure, value: measured[0], target, verdict: verdict(measured[1]) }
    : { figure, value: '', target, verdict: 'not run' };
}

/** A median of the rounds and the rounds themselves: "0.93 (0.91 / 0.93 / 0.97)". */
function ofRounds(values: number[]): { text: string; median: number } {
  const middle = median(values);
  return { text: `${middle} (${values.join(' / ')})`, median: middle };
}

/** Issue 19's figures of a run, in the issue's order, each with its target and its verdict. */
export function issueSummary(figures: IssueFigures): TargetRow[] {
  const { ingest, live, scale, snapshots, flood } = figures;
  const ingestRatio = (key: 'ratio_to_same_work' | 'ratio_to_publish' | 'ratio_to_publish_2000') =>
    ingest && ofRounds(ingest.rounds.map((round) => round[key]));
  const queued = ingest ? `${fmt(ingest.events)} queued events` : 'queued events';
  const sameWork = ingestRatio('ratio_to_same_work');
  const ceiling = ingest && ofRounds(ingest.rounds.map((round) => round.same_work_ceiling));
  const publish1000 = ingestRatio('ratio_to_publish');
  const publish2000 = ingestRatio('ratio_to_publish_2000');
  const liveP99 = live?.rounds.map((round) => round.p99_ms);
  const fleet = scale ? `${fmt(scale.sessions)} sessions over ${fmt(scale.hosts)} hosts` : 'fleet';
  const rows: TargetRow[] = [
    row(
      `1. ingest of ${queued} / the same-work consumer (median of rounds)`,
      '≥ 1.2',
      sameWork && [sameWork.text, sameWork.median >= 1.2],
    ),
    row(
      `1. the same, at most: two fully busy cores at this CPU per event (service + nats-server)`,
      '≥ 1.2 (reachable)',
      ceiling && [ceiling.text, ceiling.median >= 1.2],
    ),
    row(
      `2. ingest / one publisher's JetStream publish rate, 1,000 in flight`,
      '≥ 1',
      publish1000 && [publish1000.text, publish1000.median >= 1],
    ),
    row(
      `2. ingest / one publisher's JetStream publish rate, 2,000 in flight`,
      '≥ 1',
      publish2000 && [publish2000.text, publish2000.median >= 1],
    ),
    row(
      `3. live p99 at ${fmt(live?.per_second ?? 5_000)} events/s, each round (ms)`,
      '< 50 in every round',
      liveP99 && [liveP99.join(' / '), liveP99.every((p99) => p99 < 50)],
    ),
    row(
      `4. ${fleet}: resident memory (MiB)`,
      '< 1,000',
      scale && [fmt(scale.rss_mib), scale.rss_mib < 1_000],
    ),
    row(
      `4. ${fleet}: memory per session beyond the empty service (bytes)`,
      '< 1,024',
      scale && [fmt(scale.bytes_per_session), scale.bytes_per_session < 1_024],
    ),
    row(
      `4. ${fleet}: auth.sessions, one host, filter + limit 100, p99 (ms)`,
      '< 20',
      scale && [String(scale.query_p99_ms), scale.query_p99_ms < 20],
    ),
    row(
      `4. ${fleet}: start to ready from its snapshot (ms)`,
      '< 3,000',
      scale && [fmt(scale.start_ms), scale.start_ms < 3_000],
    ),
  ];
  const sizes = snapshots?.sizes ?? [];
  if (sizes.length === 0)
    rows.push(row('5. snapshots: extra ingest time / ingest time without them', '≤ 0.10'));
  for (const size of sizes) {
    const cost = ofRounds(size.cost_each);
    rows.push(
      row(
        `5. snapshots at ${fmt(size.sessions)} live sessions: one snapshot's work / ingest of the ${fmt(size.entries_between)} entries between two (a batch of ${fmt(size.events)}: extra time / time without)`,
        '≤ 0.10',
        [`${size.steady_cost} (batch: ${cost.text})`, size.steady_cost <= 0.1],
      ),
    );
  }
  const at = flood
    ? `${flood.flood_per_s} flood queries/s at ${fmt(flood.sessions)} live sessions`
    : 'the flood';
  rows.push(
    row(
      `6. ${at}: ingest rate with / without (median of rounds)`,
      '≥ 0.8',
      flood && [ofRounds(flood.ratio_each).text, flood.ratio >= 0.8],
    ),
    row(
      `6. ${at}: cheap query (one host, limit 10) p99, all rounds (ms)`,
      '< 50',
      flood && [
        `${flood.probe_p99_ms} (rounds ${flood.probe_p99_each.join(' / ')})`,
        flood.probe_p99_ms < 50,
      ],
    ),
  );
  return rows;
}
