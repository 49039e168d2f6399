// The scenario lab's hosts: network namespaces on this machine, connected by veth pairs (root only).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

/**
 * A broken "node" for the scenario lab: a network namespace on this machine, built with ip, iptables and nft.
 * Every command is an argv array; nothing goes through a shell.
 */
export interface LabHost {
  name: string;
  run(argv: string[], input?: string): string;
  /** Like run, but returns the status instead of throwing. */
  tryRun(argv: string[]): { status: number | null; stdout: string; stderr: string };
  /** Writes /etc/netns/NAME/resolv.conf, which `ip netns exec` mounts over /etc/resolv.conf. */
  writeResolvConf(text: string): void;
}

const created: string[] = [];
let counter = 0;

export function canBuildLab(): string | undefined {
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces)';
  const probe = `nclprobe${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', probe]);
  if (add.status !== 0) return `ip netns add failed: ${add.stderr.toString().trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

export function createLabHost(role: string): LabHost {
  const name = `ncl${process.pid % 10000}${role}${counter++}`.slice(0, 15);
  execFileSync('ip', ['netns', 'add', name]);
  created.push(name);
  const inNs = (argv: string[]) => ['netns', 'exec', name, ...argv];
  const host: LabHost = {
    name,
    run(argv, input) {
      return execFileSync('ip', inNs(argv), { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
    },
    tryRun(argv) {
      const r = spawnSync('ip', inNs(argv), { encoding: 'utf8' });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    writeResolvConf(text) {
      mkdirSync(`/etc/netns/${name}`, { recursive: true });
      writeFileSync(`/etc/netns/${name}/resolv.conf`, text);
    },
  };
  host.run(['ip', 'link', 'set', 'lo', 'up']);
  return host;
}

/** Connects two hosts with a veth pair named `ifname` on both sides, addresses in CIDR form. */
export function connect(a: LabHost, aAddr: string, b: LabHost, bAddr: string, ifname = 'eth0', mtu = 1500): void {
  const tmpA = `v${a.name.slice(-6)}a${counter}`;
  const tmpB = `v${b.name.slice(-6)}b${counter++}`;
  execFileSync('ip', ['link', 'add', tmpA, 'type', 'veth', 'peer', 'name', tmpB]);
  execFileSync('ip', ['link', 'set', tmpA, 'netns', a.name]);
  execFileSync('ip', ['link', 'set', tmpB, 'netns', b.name]);
  for (const [host, tmp, addr] of [
    [a, tmpA, aAddr],
    [b, tmpB, bAddr],
  ] as const) {
    host.run(['ip', 'link', 'set', tmp, 'name', ifname]);
    host.run(['ip', 'link', 'set', ifname, 'mtu', String(mtu)]);
    host.run(['ip', 'addr', 'add', addr, 'dev', ifname]);
    host.run(['ip', 'link', 'set', ifname, 'up']);
  }
}

export function destroyLabHosts(): void {
  for (const name of created.splice(0)) {
    spawnSync('ip', ['netns', 'del', name]);
    rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
  }
}
