import { Injectable } from '@nestjs/common';

/** Whether the witness's tree agrees with every checkpoint of its log it has seen. */
export interface WitnessHealth {
  disagrees: boolean;
  /** When the first disagreement was found (ISO 8601). */
  since?: string;
  /** The first disagreement, as logged. */
  reason?: string;
  /** The largest size cosigned since the start (0: none yet, or no witness key). */
  cosignedSize: number;
}

/**
 * The state of the witness as the rest of the service sees it. The witness writes it; readiness
 * reads it and the metrics listen to it.
 */
@Injectable()
export class WitnessStatus {
  private current: WitnessHealth = { disagrees: false, cosignedSize: 0 };
  private readonly disagreementListeners: (() => void)[] = [];
  private readonly cosignatureListeners: (() => void)[] = [];

  get health(): Readonly<WitnessHealth> {
    return this.current;
  }

  /** A checkpoint of size `size` was cosigned and published. */
  cosigned(size: number): void {
    this.current = { ...this.current, cosignedSize: Math.max(this.current.cosignedSize, size) };
    for (const listener of this.cosignatureListeners) listener();
  }

  /** A checkpoint disagreed with the own tree: unhealthy until restart; the first is kept. */
  disagreed(reason: string, at: Date = new Date()): void {
    if (!this.current.disagrees) {
      this.current = { ...this.current, disagrees: true, since: at.toISOString(), reason };
    }
    for (const listener of this.disagreementListeners) listener();
  }

  /** Calls `listener` at each disagreement from now on. */
  onDisagreement(listener: () => void): void {
    this.disagreementListeners.push(listener);
  }

  /** Calls `listener` at each cosignature published from now on. */
  onCosignature(listener: () => void): void {
    this.cosignatureListeners.push(listener);
  }
}
