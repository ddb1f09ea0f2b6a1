import type Dockerode from 'dockerode';
import { EngineRequestError } from '../../errors/index.js';
import type { CommitTarget, ImageSummary } from '../client.js';
import { dockerImageId } from '../podman/dialect.js';

/** Images carrying `label` (`key` or `key=value`), tagged or not, in seaworthy's types. */
export async function listImagesLabelled(docker: Dockerode, label: string): Promise<ImageSummary[]> {
  const images = await docker.listImages({ filters: JSON.stringify({ label: [label] }) });
  return images.map((image) => ({
    id: image.Id,
    repoTags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
    labels: image.Labels ?? {},
    sizeBytes: image.Size,
    createdAt: new Date(image.Created * 1000),
  }));
}

/**
 * Commit a container as `repository:tag`, pausing it meanwhile unless
 * `pause: false`, applying `changes` (one Dockerfile instruction each, sent
 * as repeated `changes` query values); the new image's id. `operation` names the call in the error when the engine
 * answers without an id.
 */
export async function commitContainerAs(
  docker: Dockerode,
  id: string,
  target: CommitTarget,
  operation: string,
  signal?: AbortSignal,
): Promise<string> {
  const result = (await docker.getContainer(id).commit({
    _query: {
      container: id,
      repo: target.repository,
      tag: target.tag,
      pause: target.pause ?? true,
      ...(target.changes?.length ? { changes: [...target.changes] } : {}),
      ...(target.author !== undefined ? { author: target.author } : {}),
      ...(target.message !== undefined ? { comment: target.message } : {}),
    },
    ...(target.labels ? { _body: { Labels: { ...target.labels } } } : {}),
    abortSignal: signal,
  })) as { Id?: string };
  // Podman answers the bare hex.
  if (result.Id) return dockerImageId(result.Id);
  throw new EngineRequestError(
    operation,
    undefined,
    'the engine answered without an image id; check `docker images` for the tag and try again',
  );
}
