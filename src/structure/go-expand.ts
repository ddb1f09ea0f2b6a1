/**
 * Go's `os.Expand`, which the structure-test tool uses for `$VAR` and
 * `${VAR}` in command lines, paths and env values: an unknown name becomes
 * '', a lone `$` at the end stays, `${}` is eaten. Pure.
 */
export function goExpand(text: string, lookup: (name: string) => string): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] !== '$' || j + 1 >= text.length) continue;
    out += text.slice(i, j);
    const [name, width] = shellName(text.slice(j + 1));
    if (name === '' && width === 0) out += '$';
    else if (name !== '') out += lookup(name);
    j += width;
    i = j + 1;
  }
  return out + text.slice(i);
}

const isSpecial = (c: string | undefined) => c !== undefined && /^[*#$@!?\-0-9]$/.test(c);
const isNameChar = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isSpecial(s[1]) && s[2] === '}') return [s.slice(1, 2), 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (isSpecial(s[0])) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && isNameChar(s[i])) i++;
  return [s.slice(0, i), i];
}

/** `goExpand` over a map of variables. */
export function expandWith(env: Readonly<Record<string, string>>): (text: string) => string {
  return (text) => goExpand(text, (name) => env[name] ?? '');
}
