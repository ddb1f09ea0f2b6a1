import type { EngineClient } from '../../engine/client.js';
import { statusCodeOf } from '../../engine/error-mapping.js';
import { WaitAbortedError } from '../../errors/index.js';

/** A claim older than this is taken for one whose holder died without removing it (and its watchdog too). */
const STALE_CLAIM_MS = 5 * 60_000;
const CLAIM_POLL_MS = 250;

/**
 * Run `commit` while holding the claim on one snapshot reference, so setups
 * racing on a new key (in this process or in others, on one engine) never
 * commit it twice. A second commit would take the tag from the first while
 * containers already made from the first keep that image, which then stays
 * behind untagged.
 *
 * The claim is a container named after the reference, created from the base
 * image and never started: the engine gives a name to one container only, so
 * creating it is an atomic test-and-set across processes. It carries the
 * helper's labels, so the watchdog or `seaworthy leftovers` removes one left
 * by a process that died holding it; one older than {@link STALE_CLAIM_MS}
 * is removed by whoever waits for it.
 */
export async function underClaim(
  helper: { readonly engine: EngineClient; readonly labels: Readonly<Record<string, string>> },
  definitionName: string,
  reference: { readonly repository: string; readonly tag: string },
  baseImage: string,
  signal: AbortSignal | undefined,
  commit: () => Promise<string>,
): Promise<string> {
  const { engine } = helper;
  const claimName = `seaworthy-snapshot-claim_${reference.repository.split('/').pop()}_${reference.tag}`;
  for (;;) {
    if (signal?.aborted) throw new WaitAbortedError(definitionName, 'the snapshot claim', signal.reason);
    let claim: string | undefined;
    try {
      claim = await engine.createContainer(claimName, {
        Image: baseImage,
        // Never started: only its name matters. A command, for images that have none.
        Cmd: ['seaworthy-snapshot-claim'],
        Labels: { ...helper.labels },
        HostConfig: { NetworkMode: 'none' },
      });
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
    }
    if (claim !== undefined) {
      try {
        return await commit();
      } finally {
        await engine.removeContainer(claim).catch(() => undefined);
      }
    }
    // Someone else holds it: wait until it is gone (their snapshot is then there to use), or stale.
    const held = await engine.inspectContainer(claimName).catch(() => undefined);
    if (held && Date.now() - Date.parse(held.Created) > STALE_CLAIM_MS) {
      await engine.removeContainer(held.Id).catch(() => undefined);
    } else if (held) {
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    }
  }
}
