import { describe, expect, it } from 'vitest';
import { CapabilitiesRefusedError, ImagePlatformMismatchError } from '../../../src/errors/index.js';
import { capabilitiesRefused, platformMismatch } from '../../../src/resources/launch/host-option-errors.js';

/** An engine refusal as docker-modem reports it. */
const refusal = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) ${message}`), { statusCode, json: { message } });

describe('platformMismatch', () => {
  const answer =
    'image with reference img:1 was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64';

  it("turns the engine's 404 into ImagePlatformMismatchError with both platforms", () => {
    const error = platformMismatch('app', 'img:1', 'linux/arm64', refusal(404, answer));
    expect(error).toBeInstanceOf(ImagePlatformMismatchError);
    expect(error).toMatchObject({ container: 'app', image: 'img:1', platform: 'linux/arm64', actual: 'linux/amd64' });
    expect(error?.message).toContain('docker pull --platform linux/arm64 img:1');
  });

  it('leaves other errors alone, and does nothing without a platform', () => {
    expect(platformMismatch('app', 'img:1', 'linux/arm64', refusal(404, 'No such image: img:1'))).toBeUndefined();
    expect(platformMismatch('app', 'img:1', undefined, refusal(404, answer))).toBeUndefined();
    expect(platformMismatch('app', 'img:1', 'linux/arm64', refusal(500, answer))).toBeUndefined();
  });
});

describe('capabilitiesRefused', () => {
  const answer =
    'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply caps: operation not permitted: unknown';

  it('names what the container asked for', () => {
    const privileged = capabilitiesRefused('app', { HostConfig: { Privileged: true } }, refusal(500, answer));
    expect(privileged).toBeInstanceOf(CapabilitiesRefusedError);
    expect(privileged?.requested).toBe('privileged: true');
    expect(privileged?.message).toContain('unable to apply caps: operation not permitted');
    const added = capabilitiesRefused('app', { HostConfig: { CapAdd: ['CAP_SYS_RESOURCE'] } }, refusal(500, answer));
    expect(added?.requested).toBe('capAdd: CAP_SYS_RESOURCE');
  });

  it('leaves other start errors alone', () => {
    expect(capabilitiesRefused('app', {}, refusal(500, 'port is already allocated'))).toBeUndefined();
  });
});
