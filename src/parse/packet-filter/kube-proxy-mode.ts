// The parser of kube-proxy's /proxyMode answer (and of a mode stated in its configuration).
import type { LineScore } from '../parser.js';
import { lineParser } from '../shared/line-parser.js';

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'kernelspace' | 'userspace';

export interface KubeProxyModeValue {
  mode?: ProxyMode;
  /** `proxyMode`: the /proxyMode endpoint; `config`: `mode:` of a KubeProxyConfiguration or `--proxy-mode`. */
  source?: 'proxyMode' | 'config';
  /** `mode: ""` in the configuration: kube-proxy picks its default (iptables on Linux). */
  defaulted?: boolean;
}

const COMMAND =
  /\/proxyMode\b|^kubectl\b.*\b(?:cm|configmaps?)\b.*\bkube-proxy\b|^kubectl\b.*\bkube-proxy\b.*\b(?:cm|configmaps?)\b|^(?:cat|grep)\b.*kube-?proxy.*\.(?:ya?ml|conf)\b/;
const MODES = new Set<string>(['iptables', 'ipvs', 'nftables', 'kernelspace', 'userspace']);
const BARE = /^["']?(iptables|ipvs|nftables|kernelspace|userspace)["']?$/;
const CONFIG = /^mode:\s*["']?(\w*)["']?\s*(?:#.*)?$/;
const FLAG = /--proxy-mode[=\s]["']?(\w+)/;

function classify(line: string): LineScore {
  const s = line.trim();
  return BARE.test(s) || CONFIG.test(s) || FLAG.test(s) ? 1 : 0;
}

export const kubeProxyModeParser = lineParser<KubeProxyModeValue>({
  kind: 'kube-proxy-mode',
  command: COMMAND,
  classify,
  read(notes) {
    const value: KubeProxyModeValue = {};
    return {
      push(line) {
        const s = line.trim();
        if (s === '' || value.mode !== undefined) return;
        const bare = BARE.exec(s);
        if (bare) {
          value.mode = bare[1] as ProxyMode;
          value.source = 'proxyMode';
          return;
        }
        const config = CONFIG.exec(s);
        if (config) {
          const mode = config[1]!;
          if (mode === '') {
            value.mode = 'iptables';
            value.defaulted = true;
          } else if (MODES.has(mode)) value.mode = mode as ProxyMode;
          else notes.skip('unknown proxy mode', s);
          value.source = 'config';
          return;
        }
        const flag = FLAG.exec(s);
        if (flag && MODES.has(flag[1]!)) {
          value.mode = flag[1] as ProxyMode;
          value.source = 'config';
          return;
        }
        // The endpoint prints the mode without a newline: the next prompt may follow on the same line.
        const glued = /^(iptables|ipvs|nftables|kernelspace|userspace)(?=[[\w.-]*@|\$ |# )/.exec(s);
        if (glued) {
          value.mode = glued[1] as ProxyMode;
          value.source = 'proxyMode';
          return;
        }
        if (!/^\s*[\w.-]+:/.test(s)) notes.skip('not a proxy mode', s);
      },
      end() {
        return value;
      },
    };
  },
});
