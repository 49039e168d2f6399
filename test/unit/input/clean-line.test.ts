import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../../src/input/clean-line.js';

describe('cleanLine', () => {
  it('undoes Slack escaping, quotes and links', () => {
    expect(cleanLine('&gt; IPVS: rr: TCP 10.96.0.10:53 - no destination available').text).toBe(
      'IPVS: rr: TCP 10.96.0.10:53 - no destination available',
    );
    expect(cleanLine('  -&gt; 10.244.1.5:53  Masq 1 0 0').text).toBe('  -> 10.244.1.5:53  Masq 1 0 0');
    expect(cleanLine('curl <http://127.0.0.1:10249/proxyMode|127.0.0.1:10249/proxyMode>').text).toBe(
      'curl 127.0.0.1:10249/proxyMode',
    );
  });

  it('keeps link flags in angle brackets', () => {
    const line = '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP';
    expect(cleanLine(line)).toEqual({ text: line, fence: false });
  });

  it('removes carriage returns, colours and invisible characters', () => {
    expect(cleanLine('\u001b[1;31mnf_conntrack: table full\u001b[0m\r').text).toBe('nf_conntrack: table full');
    expect(cleanLine('cpu=0\u00a0found=1\u200b').text).toBe('cpu=0 found=1');
  });

  it('reports markdown fences as boundaries, also when glued to content', () => {
    expect(cleanLine('```')).toEqual({ text: '', fence: true });
    expect(cleanLine('```console')).toEqual({ text: '', fence: true });
    expect(cleanLine('```$ conntrack -S')).toEqual({ text: '$ conntrack -S', fence: true });
    expect(cleanLine('cpu=3 found=0```')).toEqual({ text: 'cpu=3 found=0', fence: true, fenceAfterText: true });
  });

  it('says when the only fence on a line follows its text', () => {
    expect(cleanLine('3104```')).toEqual({ text: '3104', fence: true, fenceAfterText: true });
    expect(cleanLine('```root@n1:~# ip route')).toEqual({ text: 'root@n1:~# ip route', fence: true });
    expect(cleanLine('```')).toEqual({ text: '', fence: true });
  });
});
