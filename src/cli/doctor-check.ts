import { randomBytes } from 'node:crypto';
import type { Engine } from '../engine/docker/engine.js';
import { errorMessage, ImageNotFoundError, ImagePullError } from '../errors/index.js';
import { httpClient } from '../http/http-client.js';
import { ContainerDefinition } from '../resources/definitions/container-definition.js';
import { DockerHelper } from '../resources/helper/helper.js';
import { http } from '../waits/http.js';

/** The check image when neither `--image` nor SEAWORTHY_DOCTOR_IMAGE names one. */
export const DOCTOR_IMAGE = 'busybox:1.37';
const CHECK_PORT = 8080;
/** A body only the check's container serves, so an answer from anything else does not count. */
const CHECK_BODY = 'seaworthy-doctor';
/** How long the check container may take to serve its page. */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * `seaworthy doctor`'s proof, on one engine: start a throwaway container
 * serving a page on a published port, fetch it the way tests reach
 * containers (and through the host's internal address where the topology
 * has one), remove it. Writes what happened with `line`; resolves to
 * whether the page came back.
 */
export async function reachabilityCheck(
  engine: Engine,
  env: NodeJS.ProcessEnv,
  options: { readonly image?: string },
  line: (label: string, text: string) => void,
): Promise<boolean> {
  const image = options.image ?? env.SEAWORTHY_DOCTOR_IMAGE ?? DOCTOR_IMAGE;
  const started = performance.now();
  let helper: DockerHelper | undefined;
  try {
    helper = await DockerHelper.create({ engine, env, namespace: `sw-doctor-${randomBytes(3).toString('hex')}` });
    const check = new ContainerDefinition('check', {
      image,
      command: [
        'busybox',
        'sh',
        '-c',
        `mkdir -p /tmp/doctor && echo ${CHECK_BODY} > /tmp/doctor/index.html && ` +
          `exec busybox httpd -f -p ${CHECK_PORT} -h /tmp/doctor`,
      ],
      ports: [CHECK_PORT],
      wait: http({ port: CHECK_PORT, path: '/index.html', timeoutMs: CHECK_TIMEOUT_MS }),
    });
    const container = await check.setup(helper);
    const url = `${container.baseUrl(CHECK_PORT)}/index.html`;
    const response = await httpClient(container, CHECK_PORT).get('/index.html');
    const ms = Math.round(performance.now() - started);
    if (response.status !== 200 || response.text.trim() !== CHECK_BODY) {
      line(
        'fetched',
        `${url} answered HTTP ${response.status} ${JSON.stringify(response.text.slice(0, 60))}, not the check page`,
      );
      return false;
    }
    line('container', `${image}, port ${CHECK_PORT} published`);
    line('fetched', `${url}: the check page, in ${ms} ms (start included)`);
    return await internalCheck(engine, container.hostPort(CHECK_PORT), line);
  } catch (error) {
    line('container', image);
    if (error instanceof ImageNotFoundError || error instanceof ImagePullError) {
      line(
        'failed',
        `the check image is not available: ${firstLine(error)}. Pass --image (or set ` +
          'SEAWORTHY_DOCTOR_IMAGE) to an image with busybox that this engine has',
      );
    } else {
      line('failed', `the check container could not be reached: ${firstLine(error)}`);
    }
    return false;
  } finally {
    await helper?.teardown().catch((error: unknown) => line('cleanup', `teardown failed: ${firstLine(error)}`));
  }
}

/**
 * Where the topology has a host internal address, fetch the check page
 * through it too, as a client that was given Kafka's advertised address would.
 */
async function internalCheck(
  engine: Engine,
  hostPort: number,
  line: (label: string, text: string) => void,
): Promise<boolean> {
  const internal = engine.hostResolution.decision.hostInternal;
  if (!internal || engine.reachesContainerPorts) return true;
  const url = `http://${internal.address.includes(':') ? `[${internal.address}]` : internal.address}:${hostPort}/index.html`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status === 200 && text.trim() === CHECK_BODY) {
      line('fetched (internal)', `${url}: the check page`);
      return true;
    }
    line('fetched (internal)', `${url} answered HTTP ${response.status}, not the check page`);
  } catch (error) {
    line('fetched (internal)', `${url} failed: ${firstLine(error)}`);
  }
  return false;
}

/** The first line of an error's message, without its closing full stop (the caller's sentence goes on). */
export function firstLine(error: unknown): string {
  return (errorMessage(error).split('\n')[0] ?? '').replace(/\.$/, '');
}
