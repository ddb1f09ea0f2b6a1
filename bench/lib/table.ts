/** A Markdown table, columns padded so it also reads in a terminal. Pure. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align?: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length), 3));
  const right = (i: number) => (align ? align[i] === 'r' : i > 0);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (right(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
