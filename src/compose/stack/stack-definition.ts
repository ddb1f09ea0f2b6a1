import type { DockerHelper } from '../../resources/helper/helper.js';
import { ComposeStack } from './compose-stack.js';
import type { ResolvedStackOptions } from './stack-options.js';
import { StackRuntime, type StackSource } from './stack-runtime.js';

/**
 * A compose stack before it exists: `project.stack(options)` makes one.
 * `setup(helper)` starts its services in the helper, in `depends_on` order
 * and otherwise in parallel, and returns the {@link ComposeStack}. Like other
 * definitions it is idempotent per helper: a second `setup()` while the
 * stack is live returns the same stack. Two definitions of one file in one
 * helper run side by side: the second is named `<name>-2`.
 */
export class ComposeStackDefinition {
  /** The stack's name before a helper makes it unique (`-2`, `-3`, …). */
  readonly name: string;
  private readonly live = new WeakMap<object, Promise<ComposeStack>>();

  constructor(
    private readonly source: StackSource,
    /** The options, checked against the model. */
    readonly options: ResolvedStackOptions,
  ) {
    this.name = options.name;
  }

  /** Start the stack in `helper`; on a failure, what started is removed and the error names the service. */
  setup(helper: DockerHelper, options: { readonly signal?: AbortSignal } = {}): Promise<ComposeStack> {
    const existing = this.live.get(helper);
    if (existing) return existing;
    const serial = helper.nextSerial(`compose stack ${this.name}`);
    const name = serial === 1 ? this.name : `${this.name}-${serial}`;
    const started = (async () => {
      const runtime = new StackRuntime(helper, this.source, this.options, name, options.signal);
      await runtime.startAll();
      return new ComposeStack(runtime, () => {
        if (this.live.get(helper) === started) this.live.delete(helper);
      });
    })();
    this.live.set(helper, started);
    started.catch(() => {
      if (this.live.get(helper) === started) this.live.delete(helper);
    });
    return started;
  }
}
