import type { Verifier } from '@authtrail/signed-note';
import type { SignedCheckpoint } from './checkpoint-note';
import type { MonitorState } from './monitor-state';
import { type ConsistencyFetcher, monitorStep, type MonitorOutcome } from './monitor-step';

/**
 * A log monitor over its state dir: each note is checked against the last verified checkpoint,
 * and a checkpoint trusted on first use or proved to extend it becomes the new last verified one,
 * stored before the outcome is returned.
 */
export class LogMonitor {
  private stored: SignedCheckpoint | undefined;

  /** Reads the state dir at once: a corrupt state file fails here, before anything is checked. */
  constructor(
    private readonly state: MonitorState,
    private readonly verifier: Verifier,
    private readonly proof: ConsistencyFetcher,
  ) {
    this.stored = state.read(verifier);
  }

  async check(note: string): Promise<MonitorOutcome> {
    const { verifier, proof } = this;
    const outcome = await monitorStep({ stored: this.stored, note, verifier, proof });
    if (outcome.kind === 'first' || outcome.kind === 'advanced') {
      this.state.write(outcome.current.note);
      this.stored = outcome.current;
    }
    return outcome;
  }
}
