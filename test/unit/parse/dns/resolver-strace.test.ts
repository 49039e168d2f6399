import { describe, expect, it } from 'vitest';
import { resolverStraceParser } from '../../../../src/parse/dns/resolver-strace.js';
import { parseWith } from '../parse-with.js';

describe('resolverStraceParser', () => {
  // https://github.com/lioneie/csdn/blob/de25ba01771e1362f19434a1aa30af60dce447e1/src/nfs/nfs-df-long-time.md:
  // `strace -f -tt`, two nameservers, every wait expires.
  const silent = [
    '4014  20:02:20.175944 connect(3, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("114.114.114.114")}, 16) = 0',
    '4014  20:02:20.176123 poll([{fd=3, events=POLLOUT}], 1, 0) = 1 ([{fd=3, revents=POLLOUT}])',
    '4014  20:02:20.176231 sendto(3, "\\264#\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\vkylin2403-2\\0\\0\\1\\0\\1", 29, MSG_NOSIGNAL, NULL, 0) = 29',
    '4014  20:02:20.176388 poll([{fd=3, events=POLLIN}], 1, 5000) = 0 (Timeout)',
    '4014  20:02:25.181933 connect(4, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("8.8.8.8")}, 16) = 0',
    '4014  20:02:25.182334 sendto(4, "\\264#\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\vkylin2403-2\\0\\0\\1\\0\\1", 29, MSG_NOSIGNAL, NULL, 0) = 29',
    '4014  20:02:25.182558 poll([{fd=4, events=POLLIN}], 1, 5000) = 0 (Timeout)',
    '4014  20:02:40.195745 close(3)          = 0',
  ].join('\n');

  it('counts queries, servers and the waits that expired', () => {
    const { value, notes } = parseWith(resolverStraceParser, silent);
    expect(value.sends).toBe(2);
    expect(value.replies).toBe(0);
    expect(value.servers).toEqual(['114.114.114.114', '8.8.8.8']);
    // The zero-timeout POLLOUT poll is a wait too, but it did not time out.
    expect(value.waits.map((w) => [w.timeoutMs, w.timedOut])).toEqual([
      [0, false],
      [5000, true],
      [5000, true],
    ]);
    expect(notes).toEqual([]);
  });

  // https://github.com/yrutschle/sslh/issues/426 (2024): an answered PTR query, `recvfrom` naming the server.
  it('reads replies on a socket it learnt from the reply itself', () => {
    const { value } = parseWith(
      resolverStraceParser,
      [
        'sendto(7, ")\\215\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\0011\\0010\\18\\00210\\7in-addr\\4ar"..., 39, MSG_NOSIGNAL, NULL, 0) = 39',
        'poll([{fd=7, events=POLLIN}], 1, 5000)  = 1 ([{fd=7, revents=POLLIN}])',
        'recvfrom(7, ")\\215\\201\\203\\0\\1\\0\\0\\0\\0\\0\\0\\0011\\0010\\18\\00210\\7in-addr\\4ar"..., 1024, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("1.1.1.1")}, [28 => 16]) = 39',
      ].join('\n'),
    );
    expect(value.replies).toBe(1);
    expect(value.servers).toEqual(['1.1.1.1']);
  });

  // https://github.com/golang/go/issues/21906 (2018-08-29): `strace -f -r` relative times behind `[pid N]`.
  it('strips [pid N] and relative timestamps', () => {
    const { value } = parseWith(
      resolverStraceParser,
      '[pid 25366]      0.000494 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("<Private IP A>")}, 16) = 0',
    );
    expect(value.calls).toBe(1);
  });
});
