import { Engine } from '../engine/docker/engine.js';
import { engineKey } from '../engine/pool/engine-choice.js';
import { EngineLeases, type LeaseRecord, leaseDirectory } from '../engine/pool/engine-leases.js';
import { describeTarget, type EngineListEntry } from '../engine/pool/engine-list.js';
import { errorMessage } from '../errors/index.js';
import { reachabilityCheck } from './doctor-check.js';
import { apiInUseText, labelledLines, versionText } from './doctor-lines.js';
import { isReached, unreachedReason } from './engine-list-flag.js';

export interface DoctorEveryOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Image of the check container (see `DoctorOptions.image`). */
  readonly image?: string;
  /** The `--engines` list; else the list came from SEAWORTHY_ENGINES. */
  readonly engines?: string;
}

/**
 * `seaworthy doctor` with a list of engines: the lease directory, then a
 * section per engine of the list (whether it answers, version, API in use,
 * how its published ports are reached, the workers of this machine holding
 * it) with the reachability check run on each engine that answers, all at
 * once. Resolves to 0 when every engine answered and passed its check, else 1.
 */
export async function doctorEvery(
  entries: readonly EngineListEntry[],
  out: (text: string) => void,
  options: DoctorEveryOptions,
): Promise<number> {
  const { env } = options;
  const line = labelledLines(out);
  const directory = leaseDirectory(env);
  let leases: LeaseRecord[] | string;
  try {
    leases = new EngineLeases(directory).readLive();
  } catch (error) {
    leases = `not read: ${errorMessage(error)}`;
  }
  out('engines');
  line('listed by', options.engines !== undefined ? '--engines' : 'SEAWORTHY_ENGINES');
  line('engines', entries.map((e) => `${e.name} (${describeTarget(e)}; weight ${e.weight})`).join(', '));
  line(
    'lease directory',
    `${directory} (${env.SEAWORTHY_ENGINE_LEASES?.trim() ? 'from SEAWORTHY_ENGINE_LEASES' : 'the default'}); ` +
      (typeof leases === 'string' ? leases : `${leases.length} live worker lease(s) in it`),
  );

  const reaches = await Engine.connectEvery({
    env,
    ...(options.engines !== undefined ? { engines: options.engines } : {}),
  });
  const sections = await Promise.all(
    reaches.map(async (reach) => {
      const lines: string[] = [];
      const say = labelledLines((text) => lines.push(text));
      const entry = entries.find((e) => e.name === reach.name);
      lines.push(`engine '${reach.name}'`);
      if (!isReached(reach)) {
        say('reachable', `no: ${unreachedReason(reach)}`);
        if (entry) say('address', describeTarget(entry));
      } else {
        const { engine } = reach;
        const { decision } = engine.hostResolution;
        say('reachable', 'yes');
        say('address', `${engine.address} (from ${engine.endpoint.source})`);
        say('version', versionText(engine.version));
        say('API in use', apiInUseText(engine.version));
        say('topology', decision.topology);
        say(
          'published ports reached at',
          decision.reach === 'container-network'
            ? "none: each container is reached at its address on its helper's networks"
            : decision.address,
        );
        say('ports published on', `${decision.publishHostIp} on the engine's host`);
        say('why', decision.reason);
      }
      if (entry) {
        say('weight', String(entry.weight));
        say('workers holding it', typeof leases === 'string' ? leases : holdersText(leases, engineKey(entry)));
      }
      const passed = isReached(reach) && (await reachabilityCheck(reach.engine, env, options, say));
      return { name: reach.name, reached: isReached(reach), passed, lines };
    }),
  );
  for (const section of sections) for (const text of section.lines) out(text);

  const problems = [
    ...sections.filter((s) => !s.reached).map((s) => `engine '${s.name}' did not answer`),
    ...sections.filter((s) => s.reached && !s.passed).map((s) => `the check failed on engine '${s.name}'`),
  ];
  out(problems.length ? `result: failed, ${problems.join('; ')}` : `result: ok, on all ${sections.length} engine(s)`);
  return problems.length ? 1 : 0;
}

/** The live workers holding one engine now, and those that used it and are idle. */
function holdersText(leases: readonly LeaseRecord[], key: string): string {
  const on = leases.filter((l) => l.engine === key);
  const holding = on.filter((l) => l.holders > 0);
  const idle = on.length - holding.length;
  const who = holding.map((l) => (l.thread ? `${l.pid}/${l.thread}` : String(l.pid)));
  return (
    `${holding.length} live worker(s)${who.length ? ` (pid ${who.join(', ')})` : ''}` +
    (idle ? `; ${idle} idle worker(s) that used it and will again (no helper now)` : '')
  );
}
