import { readlink } from 'node:fs/promises';

/**
 * Whether this machine's `/proc/<pid>` can be read as a container's process
 * seen from outside it, for files of the given namespace kind (`net` for
 * `/proc/<pid>/net/tcp`, `pid` for `NSpid` in `/proc/<pid>/status`).
 *
 * A container's pid, as the engine reports it, is a pid of the engine's host.
 * Where this process shares that host's PID namespace (on the host itself,
 * or in a container that runs the engine) `/proc/<pid>` is the container's
 * process, in namespaces of its own. In a sibling container (the engine's
 * socket mounted in) it is not: the pid is absent here, or it is one of this
 * container's own processes, in this process's namespaces. Its files would
 * then describe the wrong process, so callers ask inside the container
 * instead. A container that shares the host's namespace of that kind
 * (`--network host`, `--pid host`) also gets `false`, and asking inside it
 * is right for it too.
 *
 * Without the right to read another user's namespace links (not root), a
 * pid that exists is trusted, as before these checks existed.
 */
export async function procShowsContainer(pid: number, kind: 'net' | 'pid'): Promise<boolean> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  const [theirs, ours] = await Promise.all([
    readlink(`/proc/${pid}/ns/${kind}`).catch((error: NodeJS.ErrnoException) => error),
    readlink(`/proc/self/ns/${kind}`).catch(() => undefined),
  ]);
  if (typeof theirs === 'string') return ours === undefined || theirs !== ours;
  return theirs.code === 'EACCES' || theirs.code === 'EPERM';
}
