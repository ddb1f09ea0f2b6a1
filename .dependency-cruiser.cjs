/**
 * The shape of src/, checked in CI (`npm run check:shape`): layers depend one
 * way, and no module imports itself through a cycle, type imports included.
 *
 *   errors, labels, debug, options (leaves: import nothing of ours but each other)
 *     <- engine (the one engine client, host resolution)
 *       <- cleanup (watchdog, reaper, leftovers)
 *         <- resources (definitions, handles, helper, launch, logs, snapshots)
 *           <- waits, http, files, processes, faults, structure (image structure tests)
 *             <- matchers
 *               <- containers (the prebuilt services), compose (compose files and stacks)
 *                 <- fixtures, vitest, jest, cli, and the entry points (src/*.ts)
 */
const layers = [
  ['errors', 'labels', 'debug', 'options'],
  ['engine'],
  ['cleanup'],
  ['resources'],
  ['waits', 'http', 'files', 'processes', 'faults', 'structure'],
  ['matchers'],
  ['containers', 'compose'],
  ['fixtures', 'vitest', 'jest', 'cli'],
];

/** `src/<name>/…` or `src/<name>.ts`. */
const inLayer = (names) => `^src/(${names.join('|')})(/|\\.ts$)`;

const upward = layers.slice(0, -1).map((names, i) => ({
  name: `layer-${names.join('-')}`,
  comment: `${names.join(', ')} must not import from a higher layer (${layers
    .slice(i + 1)
    .flat()
    .join(', ')}) or from the entry points`,
  severity: 'error',
  from: { path: inLayer(names) },
  to: {
    path: [
      inLayer(layers.slice(i + 1).flat()),
      '^src/(index|tools|postgres|redis|rabbitmq|kafka|registry|compose|cli)\\.ts$',
    ],
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'no import cycles, counting `import type`',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'faults-only-from-entry-points',
      comment: 'fault injection is a tool for tests: only the entry points (src/*.ts) import src/faults/',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/faults/', '^src/[^/]+\\.ts$'] },
      to: { path: '^src/faults/' },
    },
    {
      name: 'dockerode-only-in-engine',
      comment: 'dockerode stays behind the engine client: no dockerode types anywhere else',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/engine/' },
      to: { path: 'node_modules/(dockerode|docker-modem)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
