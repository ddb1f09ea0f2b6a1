import type { RawImageInspect } from '../engine/raw-types.js';
import type { MetadataTestConfig } from './config-types.js';
import { regexCheck } from './go-regex.js';
import { checkResult, type StructureCheckResult } from './report.js';

/** The image config as the Go tool compares it: ports without their protocol (`8080/tcp` is `8080`). */
export interface ImageMetadata {
  readonly env: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly exposedPorts: readonly string[];
  readonly volumes: readonly string[];
  readonly workdir: string;
  readonly user: string;
}

export function imageMetadata(raw: RawImageInspect): ImageMetadata {
  const config = raw.Config ?? {};
  const env: Record<string, string> = {};
  for (const line of config.Env ?? []) {
    const eq = line.indexOf('=');
    if (eq === -1) env[line] = '';
    else env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return {
    env,
    labels: config.Labels ?? {},
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).map((p) => p.split('/')[0] ?? p),
    volumes: Object.keys(config.Volumes ?? {}),
    workdir: config.WorkingDir ?? '',
    user: config.User ?? '',
  };
}

/** Whether the config has anything to check (the Go tool skips an empty metadata test). */
export function metadataTestIsEmpty(test: MetadataTestConfig): boolean {
  return (
    test.envVars.length === 0 &&
    test.unboundEnvVars.length === 0 &&
    test.exposedPorts.length === 0 &&
    test.unexposedPorts.length === 0 &&
    test.entrypoint === undefined &&
    test.cmd === undefined &&
    !test.workdir &&
    !test.user &&
    test.volumes.length === 0 &&
    test.unmountedVolumes.length === 0 &&
    test.labels.length === 0
  );
}

const show = (list: readonly string[]) => `[${list.join(' ')}]`;

/** The metadata test, with the Go tool's messages. Pure. */
export function checkMetadata(source: string, test: MetadataTestConfig, image: ImageMetadata): StructureCheckResult {
  const errors: string[] = [];
  const invalid = (message: string) => errors.push(message);
  for (const e of test.envVars) if (!e.key) errors.push('Environment variable key cannot be empty');
  for (const l of test.labels) if (!l.key) errors.push('Label key cannot be empty');
  for (const p of test.exposedPorts) if (!p) errors.push('Port cannot be empty');
  for (const v of test.volumes) if (!v) errors.push('Volume cannot be empty');
  if (errors.length > 0) return checkResult('Metadata Test', 'metadata', source, errors);
  const matches = (expected: { value: string; isRegex: boolean }, actual: string) =>
    expected.isRegex ? regexCheck(expected.value, actual, true, invalid) : expected.value === actual;
  for (const e of test.envVars) {
    const actual = image.env[e.key];
    if (actual === undefined) errors.push(`variable ${e.key} not found in image env`);
    else if (!matches(e, actual))
      errors.push(`env var ${e.key} value ${actual} does not match expected value: ${e.value}`);
  }
  for (const e of test.unboundEnvVars) {
    if (image.env[e.key] !== undefined) errors.push(`env variable ${e.key} should not be present in image metadata`);
  }
  for (const l of test.labels) {
    const actual = image.labels[l.key];
    if (actual === undefined) errors.push(`label ${l.key} not found in image metadata`);
    else if (!matches(l, actual))
      errors.push(`label ${l.key} value ${actual} does not match expected value: ${l.value}`);
  }
  if (test.cmd !== undefined && !sameList(test.cmd, image.cmd)) {
    errors.push(`Image Cmd ${show(image.cmd)} does not match expected Cmd: ${show(test.cmd)}`);
  }
  if (test.entrypoint !== undefined && !sameList(test.entrypoint, image.entrypoint)) {
    errors.push(
      `Image entrypoint ${show(image.entrypoint)} does not match expected entrypoint: ${show(test.entrypoint)}`,
    );
  }
  if (test.workdir && test.workdir !== image.workdir) {
    errors.push(`Image workdir ${image.workdir} does not match config workdir: ${test.workdir}`);
  }
  if (test.user && test.user !== image.user)
    errors.push(`Image user ${image.user} does not match config user: ${test.user}`);
  for (const p of test.exposedPorts) if (!image.exposedPorts.includes(p)) errors.push(`Port ${p} not found in config`);
  for (const p of test.unexposedPorts)
    if (image.exposedPorts.includes(p)) errors.push(`Port ${p} should not be exposed`);
  for (const v of test.volumes) if (!image.volumes.includes(v)) errors.push(`Volume ${v} not found in config`);
  for (const v of test.unmountedVolumes)
    if (image.volumes.includes(v)) errors.push(`Volume ${v} should not be mounted`);
  return checkResult('Metadata Test', 'metadata', source, errors);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
