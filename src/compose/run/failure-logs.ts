import type { Container } from '../../resources/handles/container.js';
import { RUN_PREFIX } from './run-report.js';

/** When `seaworthy run` prints services' logs (`--logs`). */
export type LogsWhen = 'on-failure' | 'always' | 'never';
export const LOGS_WHEN: readonly LogsWhen[] = ['on-failure', 'always', 'never'];

/** Default `--log-lines`: how many of each service's last lines are printed. */
export const DEFAULT_LOG_LINES = 100;

/**
 * Print the last `lines` lines of each container's logs, one block per
 * service headed `seaworthy: logs of <service> (last N lines)`, each line
 * prefixed `<service> | `. A container whose logs can't be read (already
 * removed) gets a line saying so; this never throws.
 */
export async function printServiceLogs(
  containers: readonly { readonly service: string; readonly container: Container }[],
  lines: number,
  print: (line: string) => void,
): Promise<void> {
  for (const { service, container } of containers) {
    let text: string[];
    try {
      const logs = await container.logs({ tail: lines });
      text = logs.lines.map((line) => line.text);
    } catch (error) {
      print(`${RUN_PREFIX} logs of ${service}: can't be read (${(error as Error).message})`);
      continue;
    }
    print(`${RUN_PREFIX} ----- logs of ${service} (${container.name}), last ${text.length} line(s) -----`);
    for (const line of text) print(`${service} | ${line}`);
  }
}
