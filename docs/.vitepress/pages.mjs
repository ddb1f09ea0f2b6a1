// The docs site's sidebar: every page in docs/, grouped. This is the one list to edit when a page
// is added (scripts/docs-check.mjs fails when a docs/*.md page is in no group, or a listed page is
// missing). Each item is [file name without .md, sidebar label].

/** @type {{ text: string, items: [string, string][] }[]} */
export const groups = [
  {
    text: 'Core',
    items: [
      ['engine', 'The engine connection'],
      ['helper', 'DockerHelper'],
      ['definitions', 'Definitions and live containers'],
      ['lifecycle', 'Lifecycle and files'],
      ['logs', 'Logs'],
      ['exec', 'Running commands'],
      ['host-options', 'Host options'],
      ['waits', 'Waits'],
    ],
  },
  {
    text: 'Tests: Vitest and Jest',
    items: [
      ['fixtures', 'Fixtures (Vitest)'],
      ['scope-test', 'Test scope'],
      ['scope-file', 'File scope'],
      ['scope-worker', 'Worker scope'],
      ['scope-run', 'Run scope'],
      ['warm-pool', 'Warm pools'],
      ['reuse', 'Reuse'],
      ['snapshots', 'Init snapshots'],
      ['clean-fixtures', 'Clean fixtures'],
      ['matchers', 'Matchers'],
      ['jest', 'Jest'],
    ],
  },
  {
    text: 'Looking inside',
    items: [
      ['diagnostics', 'Diagnostics and artifacts'],
      ['processes-files-http', 'Processes, files and HTTP'],
      ['debugging', 'Debug logging'],
      ['faults', 'Fault injection'],
    ],
  },
  {
    text: 'Services',
    items: [
      ['postgres', 'Postgres'],
      ['redis', 'Redis'],
      ['rabbitmq', 'RabbitMQ'],
      ['kafka', 'Kafka'],
      ['schema-registry', 'Schema Registry'],
      ['registry', 'Local registry and pulls'],
    ],
  },
  {
    text: 'Images and compose',
    items: [
      ['images', 'Building images'],
      ['structure-tests', 'Structure tests'],
      ['tag-and-push', 'Tag and push'],
      ['compose-files', 'Compose files'],
      ['compose', 'Compose in tests'],
      ['run', 'seaworthy run'],
    ],
  },
  {
    text: 'Where tests run',
    items: [
      ['engines', 'Engines: Docker, Podman'],
      ['several-engines', 'Several engines'],
      ['topologies', 'Topologies'],
      ['scale-out', 'Kubernetes (a design)'],
      ['ci-gitlab', 'GitLab CI'],
      ['ci-github-actions', 'GitHub Actions'],
      ['ci-bitbucket', 'Bitbucket Pipelines'],
    ],
  },
  {
    text: 'Guides',
    items: [
      ['from-testcontainers', 'From testcontainers-node'],
      ['from-compose-and-bash', 'From docker-compose and bash'],
      ['kafka-compose', 'Kafka from a compose file'],
      ['migration', 'Upgrading to 0.2'],
    ],
  },
  {
    text: 'Reference',
    items: [
      ['cleanup', 'Cleanup'],
      ['cli', 'The seaworthy command'],
      ['errors', 'Errors'],
      ['benchmarks', 'Benchmarks'],
      ['development', 'Development'],
    ],
  },
];
