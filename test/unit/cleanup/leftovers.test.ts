import { describe, expect, it } from 'vitest';
import {
  byRemovalOrder,
  judgeOwners,
  type LabelledResource,
  type Leftover,
  ownerStatus,
  planRemoval,
} from '../../../src/cleanup/leftovers.js';
import { type ProcessPlace, parsePid } from '../../../src/cleanup/owner.js';
import { BOOT_ID_LABEL, LABELS, PID_NAMESPACE_LABEL, REUSE_LABELS } from '../../../src/labels.js';

const here: ProcessPlace = { host: 'ci-7', pidNamespace: 'pid:[4026531836]', bootId: 'b00t-1' };
const alivePids = new Set([100, 200]);
const isAlive = (pid: number) => alivePids.has(pid);

/** Owner labels; `pidns: null` or `boot: null` leaves that label out. */
function labels(
  pid: string | undefined,
  host = here.host,
  pidns: string | null | undefined = here.pidNamespace,
  boot: string | null | undefined = here.bootId,
) {
  return {
    [LABELS.managed]: 'true',
    [LABELS.namespace]: 'sw-run-w1-abcd',
    ...(pid === undefined ? {} : { [LABELS.pid]: pid }),
    ...(host === '' ? {} : { [LABELS.host]: host }),
    ...(pidns === null || pidns === undefined ? {} : { [PID_NAMESPACE_LABEL]: pidns }),
    ...(boot === null || boot === undefined ? {} : { [BOOT_ID_LABEL]: boot }),
  };
}

describe('owner status', () => {
  it('is alive or dead only for a pid of this host and this PID namespace', () => {
    expect(ownerStatus(labels('100'), here, isAlive)).toBe('alive');
    expect(ownerStatus(labels('4242'), here, isAlive)).toBe('dead');
  });

  it('never judges a pid from another host or another PID namespace', () => {
    const asked: number[] = [];
    const spy = (pid: number) => {
      asked.push(pid);
      return false;
    };
    expect(ownerStatus(labels('4242', 'laptop'), here, spy)).toBe('other-host');
    // Same host name, another machine (or this one before a reboot): another boot id, or none.
    expect(ownerStatus(labels('4242', here.host, here.pidNamespace, 'b00t-2'), here, spy)).toBe('other-host');
    expect(ownerStatus(labels('4242', here.host, here.pidNamespace, null), here, spy)).toBe('other-host');
    expect(ownerStatus(labels('4242', here.host, 'pid:[4026532999]'), here, spy)).toBe('other-pid-namespace');
    // One side without a namespace label (an older resource, or a host without namespaces) is not "the same".
    expect(ownerStatus(labels('4242', here.host, null), here, spy)).toBe('other-pid-namespace');
    expect(ownerStatus(labels('4242'), { ...here, pidNamespace: undefined }, spy)).toBe('other-pid-namespace');
    expect(asked).toEqual([]);
  });

  it('checks the pid when neither side has PID namespaces (macOS, Windows)', () => {
    const noNamespaces = { host: here.host, pidNamespace: undefined, bootId: undefined };
    expect(ownerStatus(labels('4242', here.host, null, null), noNamespaces, isAlive)).toBe('dead');
  });

  it('is unlabelled without a host, or without a plain positive pid', () => {
    for (const pid of [undefined, '', '0', '-1', '12a', '1.5', ' 12', '99999999999']) {
      expect(
        ownerStatus(labels(pid), here, () => false),
        String(pid),
      ).toBe('unlabelled');
    }
    expect(ownerStatus(labels('4242', ''), here, () => false)).toBe('unlabelled');
  });
});

describe('parsePid', () => {
  it('accepts plain positive integers only: 0 and negatives address process groups', () => {
    expect(parsePid('1')).toBe(1);
    expect(parsePid('4194304')).toBe(4_194_304);
    for (const bad of [undefined, '', '0', '-5', '007', '1e3', '0x10', '12 '])
      expect(parsePid(bad), bad).toBeUndefined();
  });
});

function resource(kind: LabelledResource['kind'], name: string, pid: string, host = here.host): LabelledResource {
  return { kind, id: `${name}-id`, name, labels: labels(pid, host), createdAt: undefined };
}

describe('which resources to remove', () => {
  const all = judgeOwners(
    [
      resource('volume', 'v-dead', '4242'),
      resource('container', 'c-alive', '100'),
      resource('network', 'n-dead', '4242'),
      resource('container', 'c-dead', '4243'),
      resource('container', 'c-elsewhere', '4242', 'laptop'),
      { kind: 'volume', id: 'v-bare', name: 'v-bare', labels: { [LABELS.managed]: 'true' }, createdAt: undefined },
    ],
    here,
    isAlive,
  );
  const names = (list: readonly Leftover[]) => list.map((l) => l.name).sort();

  it('by default, only those whose owner is dead', () => {
    const plan = planRemoval(all);
    expect(names(plan.remove)).toEqual(['c-dead', 'n-dead', 'v-dead']);
    expect(names(plan.keep)).toEqual(['c-alive', 'c-elsewhere', 'v-bare']);
  });

  it('with all, also those that cannot be checked, but never a live owner', () => {
    const plan = planRemoval(all, { all: true });
    expect(names(plan.remove)).toEqual(['c-dead', 'c-elsewhere', 'n-dead', 'v-bare', 'v-dead']);
    expect(names(plan.keep)).toEqual(['c-alive']);
  });

  it('removes reused containers only when asked for them, whatever their pid says', () => {
    const reused = judgeOwners(
      [
        {
          kind: 'container',
          id: 'r1',
          name: 'sw-reuse-0123456789abcdef_db',
          labels: { ...labels('4242'), [REUSE_LABELS.key]: 'f'.repeat(64) },
          createdAt: undefined,
        },
      ],
      here,
      isAlive,
    );
    expect(reused.map((r) => r.owner)).toEqual(['reused']);
    expect(planRemoval(reused).remove).toEqual([]);
    expect(planRemoval(reused, { all: true }).remove).toEqual([]);
    expect(names(planRemoval(reused, { reused: true }).remove)).toEqual(['sw-reuse-0123456789abcdef_db']);
  });

  it('asks about each pid once', () => {
    const asked: number[] = [];
    judgeOwners(
      [resource('container', 'a', '7'), resource('network', 'b', '7'), resource('volume', 'c', '8')],
      here,
      (pid) => {
        asked.push(pid);
        return false;
      },
    );
    expect(asked).toEqual([7, 8]);
  });

  it('orders containers, then networks, then volumes', () => {
    expect([...all].sort(byRemovalOrder).map((l) => l.kind)).toEqual([
      'container',
      'container',
      'container',
      'network',
      'volume',
      'volume',
    ]);
  });
});
