import { describe, expect, it } from 'vitest';
import { isListening } from '../../../src/waits/port.js';

// Real /proc/net/tcp layout: sl, local_address, rem_address, st, ...
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 0100007F:0016 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 12346 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000000000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000
`;

describe('isListening', () => {
  it('finds a socket in LISTEN state on the port (hex)', () => {
    expect(isListening(TCP, 8080)).toBe(true); // 0x1F90
    expect(isListening(TCP6, 5432)).toBe(true); // 0x1538
  });

  it('ignores established connections and other ports', () => {
    expect(isListening(TCP, 22)).toBe(false); // 0x0016 is ESTABLISHED (01), not LISTEN
    expect(isListening(TCP, 5432)).toBe(false);
    expect(isListening('', 80)).toBe(false);
  });
});
