/**
 * The build stages a Dockerfile names (`FROM image AS name`), read the way
 * the engine's parser reads instructions: comment lines dropped (also inside
 * a continued instruction), lines ending in the escape character joined
 * with the next, `# escape=` honoured, keywords and names case-insensitive.
 */

export interface DockerfileStage {
  /** The stage's name in lower case (the engine lowercases them too); `undefined` when it has none. */
  readonly name: string | undefined;
  /** Its position, from 0: `target` takes only names, but the count says how many stages there are. */
  readonly index: number;
}

/** Every `FROM` instruction of `text`, in order. */
export function dockerfileStages(text: string): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const instruction of instructions(text)) {
    const words = instruction.trim().split(/\s+/);
    if (words[0]?.toLowerCase() !== 'from') continue;
    const args = words.slice(1).filter((word) => !word.startsWith('--'));
    const name = args.length >= 3 && args[1]?.toLowerCase() === 'as' ? args[2]?.toLowerCase() : undefined;
    stages.push({ name, index: stages.length });
  }
  return stages;
}

/** Whether `target` names a stage of the Dockerfile `text` (case-insensitive). */
export function hasStage(text: string, target: string): boolean {
  const wanted = target.toLowerCase();
  return dockerfileStages(text).some((stage) => stage.name === wanted);
}

/** The Dockerfile's instructions, each as one line: continuations joined, comments and blank lines gone. */
export function instructions(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const escapeChar = escapeCharacter(lines);
  const result: string[] = [];
  let current: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    // A comment line is dropped, even in the middle of a continued instruction.
    if (line.startsWith('#')) continue;
    if (current === undefined && line === '') continue;
    const continued = line.endsWith(escapeChar);
    const body = (continued ? line.slice(0, -1) : line).trim();
    current = current === undefined ? body : `${current} ${body}`;
    if (!continued) {
      result.push(current);
      current = undefined;
    }
  }
  if (current !== undefined && current.trim() !== '') result.push(current);
  return result;
}

/** `\` unless a parser directive at the top says `# escape=` followed by a backtick. */
function escapeCharacter(lines: readonly string[]): string {
  for (const line of lines) {
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    // Parser directives come first; anything else ends them.
    if (!directive) return '\\';
    if (directive[1]?.toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) {
      return directive[2];
    }
  }
  return '\\';
}
