import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { LogEntry } from '@authtrail/contracts';
import {
  Detector,
  fromDetectionSnapshot,
  initialDetectionState,
  toDetectionSnapshot,
  type AlertChange,
  type DetectionSnapshot,
  type DetectionState,
} from '@authtrail/detections';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import {
  DETECTION_SNAPSHOTS,
  EVENT_LOG,
  type DetectionSnapshotStore,
  type EventLog,
} from '../log/event-log.provider';

/** Hears the alerts each applied batch opened and closed. */
export type AlertChangesListener = (changes: readonly AlertChange[]) => void;

/**
 * Holds the detections folded from the log (docs/detections.md). At start it loads the newest
 * saved state that is this log's and was folded with this configuration, and replays only the
 * log after it; while running it is fed each committed batch after the sessions projection, and
 * saves its state every `snapshotEvery` entries (the projection's cadence) and on shutdown.
 */
@Injectable()
export class DetectionsProjection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DetectionsProjection.name);
  readonly detector: Detector;
  state: DetectionState = initialDetectionState();
  private savedSeq = 0;
  private lastHash = '';
  private readonly listeners: AlertChangesListener[] = [];

  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(DETECTION_SNAPSHOTS) private readonly snapshots: DetectionSnapshotStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.detector = new Detector(config.detections);
  }

  /** Seq of the newest saved state written or loaded. */
  get lastSavedSeq(): number {
    return this.savedSeq;
  }

  onAlertChanges(listener: AlertChangesListener): void {
    this.listeners.push(listener);
  }

  onModuleInit(): void {
    if (!this.detector.active) {
      this.state.lastSeq = this.log.lastSeq();
      this.logger.log('detections: every rule is off');
      return;
    }
    const started = performance.now();
    this.loadSaved();
    const from = this.state.lastSeq;
    for (const entry of this.log.read(from + 1)) this.foldOne(entry);
    const ms = Math.round(performance.now() - started);
    this.logger.log(
      `detections loaded: saved at seq ${from}, ${this.state.lastSeq - from} entries replayed, ${ms} ms`,
    );
    if (this.state.lastSeq - this.savedSeq >= this.config.snapshotEvery) this.save();
  }

  /** Folds committed entries and tells the listeners what they opened and closed. */
  apply(entries: readonly LogEntry[]): void {
    if (!this.detector.active) {
      if (entries.length > 0) this.state.lastSeq = entries[entries.length - 1].seq;
      return;
    }
    const changes: AlertChange[] = [];
    for (const entry of entries) this.foldOne(entry, changes);
    if (changes.length > 0) for (const listener of this.listeners) listener(changes);
    if (this.state.lastSeq - this.savedSeq >= this.config.snapshotEvery) this.save();
  }

  onApplicationShutdown(): void {
    try {
      if (this.detector.active) this.save();
    } catch (error) {
      this.logger.error(`could not save the detections: ${(error as Error).message}`);
    }
  }

  /** Saves the state at its seq (the log's last), in the log's file. */
  private save(): void {
    const seq = this.state.lastSeq;
    if (seq === this.savedSeq) return;
    try {
      const state = JSON.stringify(toDetectionSnapshot(this.state, this.config.detections));
      const entryHash = this.lastHash || (this.log.hashAt(seq) ?? '');
      this.snapshots.save({ seq, entryHash, state }, new Date().toISOString());
      this.savedSeq = seq;
    } catch (error) {
      // Due again after the next batch; the log keeps everything meanwhile.
      this.logger.error(`could not save the detections: ${(error as Error).message}`);
    }
  }

  private loadSaved(): void {
    const saved = this.snapshots.atOrBefore(this.log.lastSeq());
    if (!saved) return;
    if (this.log.hashAt(saved.seq) !== saved.entryHash) {
      this.logger.warn(
        `detections saved at seq ${saved.seq} do not match the log; folding the whole log`,
      );
      return;
    }
    const state = fromDetectionSnapshot(
      JSON.parse(saved.state) as DetectionSnapshot,
      this.config.detections,
    );
    if (!state) {
      this.logger.warn(
        `detections saved at seq ${saved.seq} were folded with another configuration; folding the whole log`,
      );
      return;
    }
    this.state = state;
    this.savedSeq = saved.seq;
  }

  private foldOne(entry: LogEntry, changes?: AlertChange[]): void {
    this.detector.detect(this.state, entry, changes);
    this.lastHash = entry.hash;
  }
}
