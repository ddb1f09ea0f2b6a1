import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { ImagePullError } from '../../errors/index.js';
import { daemonMessage } from '../error-mapping.js';

/**
 * Read a pull's progress stream to its end. Rejects with {@link ImagePullError}
 * when the stream fails or when the daemon reports an error inside it (a pull
 * that fails half-way still answers HTTP 200).
 */
export function followPull(docker: Dockerode, image: string, stream: Readable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
      if (error) return reject(new ImagePullError(image, daemonMessage(error), error));
      const failed = output.find((event) => event.error);
      if (failed?.error) return reject(new ImagePullError(image, failed.error));
      resolve();
    });
  });
}
