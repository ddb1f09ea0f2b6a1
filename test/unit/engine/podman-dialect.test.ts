import { describe, expect, it } from 'vitest';
import {
  engineProduct,
  fromPodmanError,
  fromPodmanInspect,
  podmanExecStartFailure,
} from '../../../src/engine/podman/dialect.js';
import type { RawContainerInspect } from '../../../src/engine/raw-types.js';

// The /version, error and inspect bodies below are Podman 4.3.1's answers, copied from its compat socket.
describe('engineProduct', () => {
  it('says podman when a component is the Podman Engine, docker otherwise', () => {
    expect(engineProduct({ Components: [{ Name: 'Podman Engine', Version: '4.3.1' }, { Name: 'Conmon' }] })).toBe(
      'podman',
    );
    expect(engineProduct({ Components: [{ Name: 'Engine', Version: '20.10.24' }, { Name: 'containerd' }] })).toBe(
      'docker',
    );
    expect(engineProduct({ Version: '20.10.24' })).toBe('docker');
    expect(engineProduct(null)).toBe('docker');
  });
});

function podmanError(message: string, statusCode = 500) {
  return Object.assign(new Error(`(HTTP code ${statusCode}) server error - ${message}`), {
    statusCode,
    json: { cause: 'x', message, response: statusCode },
  });
}

describe('fromPodmanError', () => {
  it("gives a taken name Docker's 409, keeping Podman's words", () => {
    const error = podmanError(
      'container create: creating container storage: the container name "pa" is already in use by 9cdd. You have to remove that container to be able to reuse that name: that name is already in use',
    );
    const translated = fromPodmanError(error) as { statusCode: number; json: { message: string }; cause: unknown };
    expect(translated.statusCode).toBe(409);
    expect(translated.json.message).toContain('that name is already in use');
    expect(translated.cause).toBe(error);
  });

  it('turns an exec in a stopped container into a 409 that says it is not running', () => {
    const translated = fromPodmanError(
      podmanError('can only create exec sessions on running containers: container state improper'),
    ) as { statusCode: number; json: { message: string } };
    expect(translated.statusCode).toBe(409);
    expect(translated.json.message).toMatch(/not running/);
  });

  it('leaves other errors alone', () => {
    const other = podmanError('something else');
    expect(fromPodmanError(other)).toBe(other);
    const notFound = podmanError('no such container', 404);
    expect(fromPodmanError(notFound)).toBe(notFound);
    expect(fromPodmanError(undefined)).toBeUndefined();
  });
});

function inspect(overrides: Partial<RawContainerInspect> & { HostConfig?: object }): RawContainerInspect {
  return {
    Id: 'c',
    Name: '/c',
    Created: '',
    Image: 'sha256:1',
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 1,
      ExitCode: 0,
      Error: '',
      StartedAt: '',
      FinishedAt: '',
      Health: { Status: '', FailingStreak: 0 },
    },
    Config: { Image: 'localhost/seaworthy-fixture/logger:latest' },
    NetworkSettings: { Networks: { podman: { IPAddress: '10.88.0.2' } } },
    HostConfig: { NetworkMode: 'bridge' },
    ...overrides,
  } as RawContainerInspect;
}

describe('fromPodmanInspect', () => {
  it('drops an empty Health and names the default network bridge', () => {
    const shaped = fromPodmanInspect(inspect({}));
    expect(shaped.State.Health).toBeUndefined();
    expect(Object.keys(shaped.NetworkSettings.Networks ?? {})).toEqual(['bridge']);
    expect(shaped.NetworkSettings.Networks?.bridge?.IPAddress).toBe('10.88.0.2');
  });

  it('keeps a real health status and user networks', () => {
    const raw = inspect({
      NetworkSettings: { Networks: { mine: { IPAddress: '10.89.0.2' } } },
      HostConfig: { NetworkMode: 'mine' },
    });
    raw.State.Health = { Status: 'healthy', FailingStreak: 0 };
    const shaped = fromPodmanInspect(raw);
    expect(shaped.State.Health?.Status).toBe('healthy');
    expect(Object.keys(shaped.NetworkSettings.Networks ?? {})).toEqual(['mine']);
  });
});

describe('podmanExecStartFailure', () => {
  it("reads Podman's reason when the program could not start", () => {
    expect(
      podmanExecStartFailure(
        127,
        'Error: runc: exec failed: unable to start container process: exec: "no-such-binary": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found\n',
      ),
    ).toBe('executable file not found in $PATH');
  });

  it('is undefined for a program that ran, or another exit code', () => {
    expect(podmanExecStartFailure(127, 'sh: 1: nosuch: not found\n')).toBeUndefined();
    expect(podmanExecStartFailure(1, 'Error: runc: exec failed: exec: "x": nope\n')).toBeUndefined();
  });
});

describe('fromPodmanError, streamed calls and names', () => {
  it('reads a missing archive path from a streamed error with no parsed body', () => {
    const streamed = Object.assign(new Error('(HTTP code 404) unexpected - no such file or directory '), {
      statusCode: 404,
      reason: undefined,
      json: null,
    });
    const translated = fromPodmanError(streamed) as { statusCode: number; json: { message: string } };
    expect(translated.statusCode).toBe(404);
    expect(translated.json.message).toMatch(/could not find the file/i);
  });

  it("names the missing volumesFrom container in Docker's words", () => {
    const translated = fromPodmanError(
      podmanError(
        'container create: looking up container "seaworthy-no-such-owner" for volumes-from: no container with name or ID "seaworthy-no-such-owner" found: no such container',
      ),
    ) as { statusCode: number; json: { message: string } };
    expect(translated.statusCode).toBe(404);
    expect(translated.json.message).toContain('No such container: seaworthy-no-such-owner');
  });
});
