import { debugLogger } from '../../debug/logger.js';
import { InvalidOptionError } from '../../errors/index.js';
import type { ImageSource } from '../../resources/definitions/resource-refs.js';
import { ImageDefinition } from '../../resources/images/image-definition.js';
import { type LoadComposeOptions, loadComposeModel } from '../load/load-model.js';
import type { ComposeModel } from '../model.js';
import { dependencyClosure, unknownService } from './service-graph.js';
import { ComposeStackDefinition } from './stack-definition.js';
import { defaultStackName, resolveStackOptions, type StackOptions } from './stack-options.js';

/**
 * Read compose files into a {@link ComposeProject}: parsed, interpolated,
 * merged and validated (docs/compose-files.md). Synchronous; a malformed
 * file or an unsupported key is a typed error naming the file, the service
 * and the key. Nothing is asked of the engine until a stack is set up.
 *
 * ```ts
 * const project = loadCompose(['docker-compose.yml', 'docker-compose.ci.yml']);
 * const stack = await project.stack({ waits: { api: waitFor.http({ port: 8080 }) } }).setup(helper);
 * ```
 */
export function loadCompose(files: string | readonly string[], options: LoadComposeOptions = {}): ComposeProject {
  const model = loadComposeModel(files, options);
  const log = debugLogger('compose');
  for (const warning of model.warnings ?? []) log('%s: %s', model.files.join(', '), warning);
  return new ComposeProject(model);
}

/** A loaded compose project: its model, and stacks made from it. */
export class ComposeProject {
  private readonly images = new Map<string, string | ImageSource>();

  constructor(readonly model: ComposeModel) {
    // A dependency cycle, or a dependency the files don't define, fails here.
    dependencyClosure(model, Object.keys(model.services));
  }

  /** What loading noticed but did not refuse (unset variables), as sentences. */
  get warnings(): readonly string[] {
    return this.model.warnings ?? [];
  }

  /** Every active service, in the files' order. */
  get serviceNames(): readonly string[] {
    return Object.keys(this.model.services);
  }

  /**
   * `names` and every service they need, transitively: `depends_on`, the
   * services they take volumes from, and the one whose network they share
   * (`network_mode: service:x`). In the files' order.
   */
  dependenciesOf(names: string | readonly string[]): readonly string[] {
    const list = typeof names === 'string' ? [names] : names;
    for (const name of list) if (!this.model.services[name]) throw unknownService(this.model, name, 'dependenciesOf');
    return dependencyClosure(this.model, list, 'dependenciesOf');
  }

  /**
   * A stack definition: `setup(helper)` starts it. Options are checked now,
   * before any engine call: an unknown service name in `services` or
   * `waits` is a `ComposeServiceError`.
   */
  stack(options: StackOptions = {}): ComposeStackDefinition {
    return new ComposeStackDefinition(this, resolveStackOptions(this.model, options));
  }

  /**
   * The image a service runs: its `image`, or for `build:` an
   * `ImageDefinition` (one per project, so stacks of one project share a
   * build), also tagged `image` when both are given.
   */
  imageOf(name: string): string | ImageSource {
    const known = this.images.get(name);
    if (known !== undefined) return known;
    const service = this.model.services[name];
    if (!service) throw unknownService(this.model, name, 'imageOf');
    let image: string | ImageSource;
    if (service.build) {
      const { build } = service;
      const imageName = `${defaultStackName(this.model.name, this.model.projectDirectory)}-${name}`
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
      image = new ImageDefinition(imageName || 'service', {
        context: build.context,
        ...(build.dockerfile !== undefined ? { dockerfile: build.dockerfile } : {}),
        ...(build.dockerfileInline !== undefined ? { dockerfileContent: build.dockerfileInline } : {}),
        args: build.args,
        ...(build.target !== undefined ? { target: build.target } : {}),
        labels: build.labels,
        ...(service.image !== undefined ? { tags: [service.image] } : {}),
      });
    } else if (service.image !== undefined) {
      image = service.image;
    } else {
      throw new InvalidOptionError(`services.${name}`, 'has neither `image` nor `build`; give one of them');
    }
    this.images.set(name, image);
    return image;
  }
}
