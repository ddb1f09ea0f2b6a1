import { connect } from 'node:net';

/** One reply of the Redis protocol (RESP2), enough for status, error, integer and bulk replies. */
export type RespReply =
  | { readonly type: 'status'; readonly value: string }
  | { readonly type: 'error'; readonly value: string }
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'bulk'; readonly value: string | null };

/** A command as a RESP array of bulk strings. Pure. */
export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
  return Buffer.from(parts.join(''));
}

/**
 * Replies complete in `data`, and how many bytes they used; a reply cut short
 * is left for more data. Arrays are not needed here and are refused. Pure.
 */
export function parseReplies(data: Buffer): { replies: RespReply[]; used: number } {
  const replies: RespReply[] = [];
  let at = 0;
  for (;;) {
    const end = data.indexOf('\r\n', at);
    if (end === -1) break;
    const kind = String.fromCharCode(data[at] ?? 0);
    const line = data.toString('utf8', at + 1, end);
    if (kind === '+') replies.push({ type: 'status', value: line });
    else if (kind === '-') replies.push({ type: 'error', value: line });
    else if (kind === ':') replies.push({ type: 'integer', value: Number(line) });
    else if (kind === '$') {
      const length = Number(line);
      if (length < 0) replies.push({ type: 'bulk', value: null });
      else {
        if (data.length < end + 2 + length + 2) break;
        replies.push({ type: 'bulk', value: data.toString('utf8', end + 2, end + 2 + length) });
        at = end + 2 + length + 2;
        continue;
      }
    } else throw new Error(`unexpected RESP reply type ${JSON.stringify(kind)}`);
    at = end + 2;
  }
  return { replies, used: at };
}

/**
 * Send commands on one new connection and resolve with one reply per
 * command (error replies included, not thrown). Rejects on a connection
 * failure or when the replies take longer than `timeoutMs`.
 */
export function sendRedisCommands(
  host: string,
  port: number,
  commands: readonly (readonly string[])[],
  timeoutMs = 5_000,
): Promise<RespReply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const replies: RespReply[] = [];
    let pending = Buffer.alloc(0);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(replies);
    };
    const timer = setTimeout(() => finish(new Error(`no Redis reply within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => socket.write(Buffer.concat(commands.map(encodeCommand))));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      try {
        const { replies: parsed, used } = parseReplies(pending);
        replies.push(...parsed);
        pending = pending.subarray(used);
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (replies.length >= commands.length) finish();
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new Error('connection closed before every Redis reply came')));
  });
}
