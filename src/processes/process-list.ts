import { readFile as readHostFile } from 'node:fs/promises';
import { ContainerNotRunningError, InvalidOptionError, ProcessListError } from '../errors/index.js';
import { accountsOf } from '../files/container-files.js';
import type { Container } from '../resources/handles/container.js';
import { procShowsContainer } from '../resources/handles/host-proc.js';

/** One process running in a container, as the container sees it. */
export interface ProcessInfo {
  /** PID inside the container's PID namespace (the main process is 1). */
  readonly pid: number;
  /** Parent's PID inside the container; 0 when the parent is outside it (the main process, `docker exec`s). */
  readonly ppid: number;
  readonly uid: number;
  /** User name from the container's /etc/passwd, or the uid as text. */
  readonly user: string;
  /** Full command line, arguments separated by spaces. */
  readonly args: string;
}

/** How the list was obtained. */
export type ProcessSource = 'engine-top' | 'proc-exec';

/**
 * List the container's processes without needing `ps` in the image.
 *
 * First choice: the engine's `top` (it runs `ps` on the engine's host) with
 * host PIDs translated to the container's PID namespace through
 * `/proc/<pid>/status` (NSpid), which works when the engine runs on this
 * machine. Otherwise: read `/proc` inside the container through `sh` and
 * `cat` (any image with a shell). User names come from the container's own
 * /etc/passwd, read through the engine.
 */
export async function listProcesses(container: Container, options: ListProcessesOptions = {}): Promise<ProcessInfo[]> {
  return (await listProcessesWithSource(container, options)).processes;
}

export interface ListProcessesOptions {
  /** Force one way of listing. @default 'auto': engine-top, then proc-exec */
  readonly via?: 'auto' | ProcessSource;
}

/** {@link listProcesses}, also saying which way the list was read. */
export async function listProcessesWithSource(
  container: Container,
  options: ListProcessesOptions = {},
): Promise<{ processes: ProcessInfo[]; source: ProcessSource }> {
  const via = options.via ?? 'auto';
  if (!['auto', 'engine-top', 'proc-exec'].includes(via)) {
    throw new InvalidOptionError('via', `${JSON.stringify(via)} must be 'auto', 'engine-top' or 'proc-exec'`);
  }
  const state = await container.state();
  if (!state.running) throw new ContainerNotRunningError(container.definition.name, 'list processes', state.status);
  const accounts = await accountsOf(container);
  const named = (rows: Omit<ProcessInfo, 'user'>[]) =>
    rows.map((row) => ({ ...row, user: accounts.userName(row.uid) })).sort((a, b) => a.pid - b.pid);
  let topProblem: unknown;
  if (via !== 'proc-exec') {
    try {
      const viaTop = await fromEngineTop(container, state.pid);
      if (viaTop) return { processes: named(viaTop), source: 'engine-top' };
    } catch (error) {
      topProblem = error;
    }
    if (via === 'engine-top') {
      throw new ProcessListError(
        container.definition.name,
        topProblem ? `the engine's top failed (${messageOf(topProblem)})` : 'the host PIDs cannot be mapped from here',
        topProblem,
      );
    }
  }
  try {
    return { processes: named(await fromProcExec(container)), source: 'proc-exec' };
  } catch (error) {
    throw new ProcessListError(
      container.definition.name,
      `the engine's top${topProblem ? ` failed (${messageOf(topProblem)})` : ' gave host PIDs that cannot be mapped here'}, ` +
        `and reading /proc inside the container failed (${messageOf(error)})`,
      error,
    );
  }
}

/** `undefined` when the host PIDs cannot be mapped to the container's namespace from here. */
async function fromEngineTop(container: Container, mainPid: number): Promise<Omit<ProcessInfo, 'user'>[] | undefined> {
  // In a sibling container the engine's pids are not this machine's: /proc would describe other processes.
  if (!(await procShowsContainer(mainPid, 'pid'))) return undefined;
  const { titles, rows } = await container.engine.topContainer(container.id, '-ww -eo pid,ppid,uid,args');
  const column = (name: string) => titles.indexOf(name);
  const [pidAt, ppidAt, uidAt, argsAt] = [column('PID'), column('PPID'), column('UID'), column('COMMAND')];
  if (pidAt < 0 || ppidAt < 0 || uidAt < 0) return undefined;
  const hostRows = rows.map((row) => ({
    hostPid: Number(row[pidAt]),
    hostPpid: Number(row[ppidAt]),
    uid: Number(row[uidAt]),
    args: (argsAt >= 0 ? row.slice(argsAt).join(' ') : '').trim(),
  }));
  const toContainerPid = new Map<number, number>();
  for (const row of hostRows) {
    const pid = await namespacePid(row.hostPid);
    if (pid === undefined) return undefined;
    toContainerPid.set(row.hostPid, pid);
  }
  return hostRows.map((row) => ({
    pid: toContainerPid.get(row.hostPid) ?? row.hostPid,
    ppid: toContainerPid.get(row.hostPpid) ?? 0,
    uid: row.uid,
    args: row.args,
  }));
}

/** The innermost PID of a host process (last NSpid field), if this process can see it. */
async function namespacePid(hostPid: number): Promise<number | undefined> {
  try {
    const status = await readHostFile(`/proc/${hostPid}/status`, 'utf8');
    const line = status.split('\n').find((l) => l.startsWith('NSpid:'));
    const last = line?.trim().split(/\s+/).at(-1);
    return last === undefined ? undefined : Number(last);
  } catch {
    return undefined;
  }
}

const SCRIPT =
  'echo "$$"; for d in /proc/[0-9]*; do ' +
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'printf "\\036%s\\n" "${d#/proc/}"; cat "$d/status" 2>/dev/null; printf "\\037"; cat "$d/cmdline" 2>/dev/null; ' +
  'done';

async function fromProcExec(container: Container): Promise<Omit<ProcessInfo, 'user'>[]> {
  const result = await container.exec(['sh', '-c', SCRIPT]);
  if (result.exitCode !== 0 && !result.stdout.includes('\u001e')) {
    throw new Error(`sh exited with ${result.exitCode}: ${result.stderr.trim() || 'no output'}`);
  }
  return parseProcDump(result.stdout);
}

/**
 * Parse the dump written by the /proc script: the script's own PID, then per
 * process `\x1e<pid>\n<status>\x1f<cmdline>`. The script and its children are
 * left out. Exported for tests.
 */
export function parseProcDump(dump: string): Omit<ProcessInfo, 'user'>[] {
  const [head = '', ...records] = dump.split('\u001e');
  const self = Number(head.trim());
  const processes: Omit<ProcessInfo, 'user'>[] = [];
  for (const record of records) {
    const newline = record.indexOf('\n');
    const pid = Number(record.slice(0, newline));
    const [status = '', cmdline = ''] = record.slice(newline + 1).split('\u001f');
    const field = (name: string) =>
      status
        .split('\n')
        .find((l) => l.startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim();
    const ppid = Number(field('PPid') ?? Number.NaN);
    if (!status || !Number.isInteger(pid) || !Number.isInteger(ppid)) continue; // exited while being read
    if (pid === self || ppid === self) continue;
    // Effective uid (the second field), as `ps -o uid` reports it.
    const uid = Number(field('Uid')?.split(/\s+/)[1] ?? 0);
    const args = cmdline.split('\0').filter(Boolean).join(' ') || `[${field('Name') ?? '?'}]`;
    processes.push({ pid, ppid, uid, args });
  }
  return processes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
