import { describe, expect, it } from 'vitest';
import type { RawContainerInspect } from '../../../src/engine/raw-types.js';
import { parseEnv, toContainerInfo } from '../../../src/resources/handles/container-info.js';

function raw(state: Partial<RawContainerInspect['State']>): RawContainerInspect {
  return {
    Id: 'abc',
    Name: '/ns_web',
    Created: '2026-11-25T06:00:00.000Z',
    Image: 'sha256:123',
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 42,
      ExitCode: 0,
      Error: '',
      StartedAt: '2026-11-25T06:00:01.000Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      ...state,
    },
    Config: {
      Image: 'web:1',
      Env: ['PATH=/bin', 'EMPTY=', 'EQ=a=b'],
      Cmd: ['serve'],
      Entrypoint: null,
      User: 'app',
      WorkingDir: '/srv',
      Labels: { a: 'b' },
      ExposedPorts: { '80/tcp': {} },
    },
    NetworkSettings: {
      Ports: {
        '80/tcp': [
          { HostIp: '127.0.0.1', HostPort: '32768' },
          { HostIp: '::1', HostPort: '32769' },
        ],
        '9000/tcp': null,
      },
      Networks: { ns_default: { Aliases: ['web'], IPAddress: '172.18.0.2' } },
    },
    Mounts: [{ Type: 'volume', Name: 'ns_data', Source: '/var/lib/docker/volumes/x', Destination: '/data', RW: false }],
  };
}

describe('toContainerInfo', () => {
  it("converts the engine's inspect JSON into seaworthy's own types", () => {
    const info = toContainerInfo(raw({}));
    expect(info).toMatchObject({
      id: 'abc',
      name: 'ns_web',
      image: 'web:1',
      state: {
        status: 'running',
        running: true,
        exitCode: undefined,
        pid: 42,
        finishedAt: undefined,
        health: undefined,
      },
      config: { env: { PATH: '/bin', EMPTY: '', EQ: 'a=b' }, command: ['serve'], entrypoint: [], user: 'app' },
      ports: {
        '80/tcp': [
          { hostIp: '127.0.0.1', hostPort: 32768 },
          { hostIp: '::1', hostPort: 32769 },
        ],
      },
      networks: { ns_default: { aliases: ['web'], ipAddress: '172.18.0.2' } },
      mounts: [{ type: 'volume', name: 'ns_data', target: '/data', readOnly: true }],
    });
    expect(info.ports['9000/tcp']).toBeUndefined();
    expect(info.state.startedAt).toEqual(new Date('2026-11-25T06:00:01.000Z'));
  });

  it('gives the exit code, OOM flag and health once stopped', () => {
    const info = toContainerInfo(
      raw({
        Status: 'exited',
        Running: false,
        ExitCode: 137,
        OOMKilled: true,
        Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ ExitCode: 1, Output: 'down' }] },
      }),
    );
    expect(info.state).toMatchObject({ exitCode: 137, oomKilled: true, health: 'unhealthy' });
    expect(info.state.healthLog).toEqual([{ exitCode: 1, output: 'down' }]);
  });

  it('parses KEY=value pairs, including bare keys', () => {
    expect(parseEnv(['A=1', 'B', 'C=x=y'])).toEqual({ A: '1', B: '', C: 'x=y' });
    expect(parseEnv(null)).toEqual({});
  });
});
