import { PassThrough, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { BENCH_LABELS } from './context.js';

export interface FloorOptions {
  readonly image: string;
  readonly ready: RegExp;
  /** How many matching lines make it ready (Postgres logs its ready line twice). @default 1 */
  readonly times?: number;
  /** Container ports to publish on 127.0.0.1, random host port. */
  readonly ports?: readonly number[];
  readonly env?: Readonly<Record<string, string>>;
  readonly tmpfs?: Readonly<Record<string, string>>;
  /** A user-defined network to join, with an alias. */
  readonly network?: string;
}

export interface FloorContainer {
  readonly id: string;
  remove(): Promise<void>;
}

let serial = 0;

/**
 * The floor: raw dockerode doing the least a tool must do. Create, attach,
 * start, then read the attach stream until the ready line has been seen
 * `times` times. No inspect, no polling.
 */
export async function floorStart(docker: Dockerode, options: FloorOptions): Promise<FloorContainer> {
  const ports = options.ports ?? [];
  const container = await docker.createContainer({
    Image: options.image,
    name: `sw-bench-floor-${process.pid}-${++serial}`,
    Labels: { ...BENCH_LABELS },
    Env: Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: Object.fromEntries(ports.map((p) => [`${p}/tcp`, {}])),
    HostConfig: {
      PortBindings: Object.fromEntries(ports.map((p) => [`${p}/tcp`, [{ HostIp: '127.0.0.1', HostPort: '' }]])),
      ...(options.tmpfs ? { Tmpfs: { ...options.tmpfs } } : {}),
    },
    ...(options.network
      ? { NetworkingConfig: { EndpointsConfig: { [options.network]: { Aliases: ['floor'] } } } }
      : {}),
  });
  const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
  const ready = new Promise<void>((resolve, reject) => {
    const out = new PassThrough();
    let pending = '';
    let seen = 0;
    out.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (options.ready.test(line) && ++seen >= (options.times ?? 1)) resolve();
    });
    stream.on('end', () => reject(new Error(`${options.image} ended its output before ${options.ready} matched`)));
    docker.modem.demuxStream(stream, out, out);
  });
  await container.start();
  await ready;
  return {
    id: container.id,
    async remove() {
      await container.remove({ force: true, v: true });
      stream.destroy();
    },
  };
}
