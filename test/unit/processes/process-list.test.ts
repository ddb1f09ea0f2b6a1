import { describe, expect, it } from 'vitest';
import { parseProcDump } from '../../../src/processes/process-list.js';

/** /proc/<pid>/status as the kernel writes it (tab after the colon, four uids). */
const status = (name: string, pid: number, ppid: number, uid = 0): string =>
  [
    `Name:\t${name}`,
    'Umask:\t0022',
    'State:\tS (sleeping)',
    `Tgid:\t${pid}`,
    'Ngid:\t0',
    `Pid:\t${pid}`,
    `PPid:\t${ppid}`,
    'TracerPid:\t0',
    `Uid:\t${uid}\t${uid}\t${uid}\t${uid}`,
    `Gid:\t${uid}\t${uid}\t${uid}\t${uid}`,
    '',
  ].join('\n');

/** One record as the script prints it: `\x1e<pid>\n`, the status file, `\x1f`, the cmdline file. */
const record = (pid: number, statusText: string, cmdline: string): string =>
  `\u001e${pid}\n${statusText}\u001f${cmdline}`;

/** The script's output: its own PID on the first line, then the records. */
const dump = (self: number, ...records: string[]): string => `${self}\n${records.join('')}`;

describe('parseProcDump', () => {
  it('reads pid, parent, uid and command line of each process', () => {
    const out = parseProcDump(
      dump(
        40,
        record(1, status('python3', 1, 0, 1000), 'python3\0server.py\0--port\x008000\0'),
        record(7, status('python3', 7, 1, 1000), 'python3\0worker.py\0'),
      ),
    );
    expect(out).toEqual([
      { pid: 1, ppid: 0, uid: 1000, args: 'python3 server.py --port 8000' },
      { pid: 7, ppid: 1, uid: 1000, args: 'python3 worker.py' },
    ]);
  });

  it('leaves out the script and the processes it started', () => {
    const out = parseProcDump(
      dump(
        40,
        record(1, status('sleep', 1, 0), 'sleep\0infinity\0'),
        record(40, status('sh', 40, 0), 'sh\0-c\0echo "$$"; ...\0'),
        record(41, status('cat', 41, 40), 'cat\0/proc/41/status\0'),
        record(42, status('cat', 42, 40), 'cat\0/proc/42/cmdline\0'),
      ),
    );
    expect(out.map((p) => p.pid)).toEqual([1]);
  });

  it('keeps other exec sessions, whose parent is also outside the container', () => {
    const out = parseProcDump(
      dump(40, record(1, status('sleep', 1, 0), 'sleep\0'), record(30, status('sh', 30, 0), 'sh\0')),
    );
    expect(out.map((p) => [p.pid, p.ppid])).toEqual([
      [1, 0],
      [30, 0],
    ]);
  });

  it('turns NUL separators into spaces and drops empty arguments', () => {
    const [p] = parseProcDump(dump(9, record(1, status('node', 1, 0), 'node\0\0server.js\0')));
    expect(p?.args).toBe('node server.js');
  });

  it('keeps spaces inside one argument', () => {
    const [p] = parseProcDump(dump(9, record(1, status('sh', 1, 0), 'sh\0-c\0sleep 5 && echo done\0')));
    expect(p?.args).toBe('sh -c sleep 5 && echo done');
  });

  it('shows a process with an empty command line by its name in brackets, like ps', () => {
    const [p] = parseProcDump(dump(9, record(2, status('kthreadd', 2, 0), '')));
    expect(p).toEqual({ pid: 2, ppid: 0, uid: 0, args: '[kthreadd]' });
  });

  it('skips processes that exited while being read', () => {
    const out = parseProcDump(
      dump(
        9,
        record(1, status('init', 1, 0), 'init\0'),
        record(5, '', ''), // status could not be read
        record(6, status('app', 6, 1), 'app\0'),
      ),
    );
    expect(out.map((p) => p.pid)).toEqual([1, 6]);
  });

  it('skips a record whose status has no parent pid', () => {
    const out = parseProcDump(
      dump(9, record(5, 'Name:\tbroken\n', 'broken\0'), record(1, status('init', 1, 0), 'init\0')),
    );
    expect(out.map((p) => p.pid)).toEqual([1]);
  });

  it('gives nothing for a dump with no records', () => {
    expect(parseProcDump('123\n')).toEqual([]);
    expect(parseProcDump('')).toEqual([]);
  });
});

describe('parseProcDump uids', () => {
  it('takes the effective uid, as `ps -o uid` does', () => {
    const setuid = status('passwd', 9, 1, 1000).replace('Uid:\t1000\t1000', 'Uid:\t1000\t0');
    expect(parseProcDump(dump(40, record(9, setuid, 'passwd\0')))[0]?.uid).toBe(0);
  });
});
