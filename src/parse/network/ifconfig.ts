// The parser of `ifconfig` (net-tools 2.x and the old or busybox format), read into the same links as `ip link`.
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';
import { pushBounded } from '../shared/push-bounded.js';
import { stripBackticks } from '../shared/strip-backticks.js';
import { type LinkInfo, type LinkList, MAX_LINKS } from './ip-link.js';

const MODERN = /^([^\s:]+(?::\d+)?):\s+flags=\d+<([A-Z0-9_,-]*)>(?:\s+mtu\s+(\d+))?/;
const OLD = /^(\S+)\s+Link encap:\s*(.*?)(?:\s+HWaddr\s.*)?\s*$/;
const CONTINUATION =
  /^(?:inet6?\s|inet addr:|inet6 addr:|ether\s|loop\s|unspec\s|RX\s|TX\s|collisions:|txqueuelen|Interrupt:|Memory:|device\s|(?:UP|DOWN|BROADCAST|LOOPBACK|POINTOPOINT|NOARP|RUNNING|MULTICAST|PROMISC)\b.*\bMTU:\d)/;

function classify(raw: string): LineScore {
  const line = stripBackticks(raw);
  if (MODERN.test(line) || OLD.test(line)) return 2;
  const text = line.trimStart();
  return text !== line && CONTINUATION.test(text) ? 1 : 0;
}

/** `ifconfig` (net-tools 2.x `flags=...<...>  mtu N`, and the old/busybox `Link encap:` format) as links. */
export const ifconfigParser = lineParser<LinkList>({
  kind: 'ifconfig',
  command: /^ifconfig\b/,
  classify,
  read(notes) {
    const value: LinkList = { links: [], omitted: 0 };
    let current: LinkInfo | undefined;
    const add = (link: LinkInfo): void => {
      current = pushBounded(value, value.links, link, MAX_LINKS);
    };
    return {
      push(raw) {
        const line = stripBackticks(raw);
        const text = line.trim();
        if (text === '') return;
        const modern = MODERN.exec(line);
        if (modern) {
          const flags = modern[2]!.split(',');
          const link: LinkInfo = {
            name: modern[1]!,
            flags,
            addresses: [],
            state: flags.includes('UP') ? 'UP' : 'DOWN',
          };
          if (modern[3]) link.mtu = Number(modern[3]);
          add(link);
          return;
        }
        const old = OLD.exec(line);
        if (old) {
          const encap = old[2]!.trim();
          add({ name: old[1]!, flags: [], addresses: [], state: 'DOWN', linkType: linkTypeOf(encap) });
          return;
        }
        if (!current || text === line) {
          notes.skip('not an ifconfig line', raw);
          return;
        }
        const mtu = /\bMTU:(\d+)/.exec(text);
        if (mtu) {
          current.mtu = Number(mtu[1]);
          current.flags = text.slice(0, mtu.index).trim().split(/\s+/);
          current.state = current.flags.includes('UP') ? 'UP' : 'DOWN';
          return;
        }
        const inet = /^inet6?\s+(?:addr:\s*)?(\S+)/.exec(text);
        if (inet && current.addresses.length < 6) {
          current.addresses.push(inet[1]!);
          return;
        }
        const kind = /^(ether|loop|unspec|tunnel)\s.*?\(([^)]+)\)\s*$/.exec(text);
        if (kind) current.linkType = linkTypeOf(kind[2]!);
      },
      end: () => value,
    };
  },
});

/** Maps net-tools encapsulation names to iproute2's `link/` types. */
function linkTypeOf(encap: string): string {
  if (/^Ethernet/i.test(encap)) return 'ether';
  if (/Loopback/i.test(encap)) return 'loopback';
  if (/IPIP/i.test(encap)) return 'ipip';
  if (/UNSPEC/i.test(encap)) return 'none';
  return encap.toLowerCase().replace(/\s+/g, '-');
}
