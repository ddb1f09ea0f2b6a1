/*
 * Splitting a `command:` or `entrypoint:` written as one string into words,
 * as a POSIX shell would before running it: whitespace separates words,
 * single quotes keep everything literal, double quotes keep spaces and allow
 * `\"`, `\\`, `\$` and `` \` `` escapes, and a backslash outside quotes
 * escapes the next character. No variable expansion, globbing or operators.
 */

/** The words of `text`, or a problem (an unclosed quote, a trailing backslash). */
export function splitShellWords(text: string): { words: string[] } | { problem: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === '\\') {
      if (i + 1 >= text.length) return { problem: 'it ends with a lone backslash' };
      const next = text[i + 1] as string;
      if (next !== '\n') word += next;
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { problem: 'a single quote is never closed' };
      word += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1] as string)) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) return { problem: 'a double quote is never closed' };
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { words };
}
