import type { Socket } from 'node:net';

export interface DelayedPipeControls {
  /** The delay for data arriving now. */
  latencyMs(): number;
  /** Whether to hold everything (blackhole). */
  holding(): boolean;
}

/**
 * One direction of a proxied connection: data read from `from` is written
 * to `to` once its delay is over (in order), not at all while held, and
 * `to` is ended once `from` has ended and everything before the end is out.
 * Reading pauses while `to` can't take more.
 */
export class DelayedPipe {
  private readonly queue: { readonly data: Buffer | null; readonly due: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;
  private discarded = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly controls: DelayedPipeControls,
  ) {
    from.on('data', (data: Buffer) => this.push(data));
    // `null` marks the end of the stream, delivered after the data before it.
    from.on('end', () => this.push(null));
  }

  /** Deliver what is due (after the blackhole is lifted). */
  release(): void {
    this.flush();
  }

  /** Forget what is queued; the connection is going away. */
  discard(): void {
    this.discarded = true;
    this.queue.length = 0;
    clearTimeout(this.timer);
  }

  private push(data: Buffer | null): void {
    if (this.discarded) return;
    this.queue.push({ data, due: Date.now() + this.controls.latencyMs() });
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.discarded || this.controls.holding() || this.waitingForDrain) return;
    while (this.queue.length) {
      const next = this.queue[0] as { data: Buffer | null; due: number };
      const wait = next.due - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.flush(), wait);
        return;
      }
      this.queue.shift();
      if (this.to.destroyed) return;
      if (next.data === null) {
        this.to.end();
        return;
      }
      if (!this.to.write(next.data)) {
        this.waitingForDrain = true;
        this.from.pause();
        this.to.once('drain', () => {
          this.waitingForDrain = false;
          this.from.resume();
          this.flush();
        });
        return;
      }
    }
  }
}
