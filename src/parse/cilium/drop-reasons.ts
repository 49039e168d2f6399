// Cilium's datapath drop reasons: code -> name (facts from Cilium's public table, pkg/monitor/api/drop.go, and the
// DropReason enum of its flow API), and which reasons Cilium's own connectivity tests treat as expected.

/** The drop reason names Cilium prints, by numeric code (codes up to 198 as published by Cilium). */
const NAMES: Record<number, string> = {
  2: 'Invalid packet',
  3: 'Interface',
  4: 'Interface Decrypted',
  5: 'LB, sock cgroup: No backend slot entry found',
  6: 'LB, sock cgroup: No backend entry found',
  7: 'LB, sock cgroup: Reverse entry update failed',
  8: 'LB, sock cgroup: Reverse entry stale',
  9: 'Fragmented packet',
  10: 'Fragmented packet entry update failed',
  130: 'Invalid source mac',
  131: 'Invalid destination mac',
  132: 'Invalid source ip',
  133: 'Policy denied',
  134: 'Invalid packet',
  135: 'CT: Truncated or invalid header',
  136: 'CT: Missing TCP ACK flag',
  137: 'CT: Unknown L4 protocol',
  138: "CT: Can't create entry from packet",
  139: 'Unsupported L3 protocol',
  140: 'Missed tail call',
  141: 'Error writing to packet',
  142: 'Unknown L4 protocol',
  143: 'Unknown ICMPv4 code',
  144: 'Unknown ICMPv4 type',
  145: 'Unknown ICMPv6 code',
  146: 'Unknown ICMPv6 type',
  147: 'Error retrieving tunnel key',
  148: 'Error retrieving tunnel options',
  149: 'Invalid Geneve option',
  150: 'Unknown L3 target address',
  151: 'Stale or unroutable IP',
  152: 'No matching local container found',
  153: 'Error while correcting L3 checksum',
  154: 'Error while correcting L4 checksum',
  155: 'CT: Map insertion failed',
  156: 'Invalid IPv6 extension header',
  157: 'IP fragmentation not supported',
  158: 'Service backend not found',
  160: 'No tunnel/encapsulation endpoint (datapath BUG!)',
  161: 'Failed to insert into proxymap',
  162: 'Reached EDT rate-limiting drop horizon',
  163: 'Unknown connection tracking state',
  164: 'Local host is unreachable',
  165: 'No configuration available to perform policy decision',
  166: 'Unsupported L2 protocol',
  167: 'No mapping for NAT masquerade',
  168: 'Unsupported protocol for NAT masquerade',
  169: 'FIB lookup failed',
  170: 'Encapsulation traffic is prohibited',
  171: 'Invalid identity',
  172: 'Unknown sender',
  173: 'NAT not needed',
  174: 'Is a ClusterIP',
  175: 'First logical datagram fragment not found',
  176: 'Forbidden ICMPv6 message',
  177: 'Denied by LB src range check',
  178: 'Socket lookup failed',
  179: 'Socket assign failed',
  180: 'Proxy redirection not supported for protocol',
  181: 'Policy denied by denylist',
  182: 'VLAN traffic disallowed by VLAN filter',
  183: 'Incorrect VNI from VTEP',
  184: 'Failed to update or lookup TC buffer',
  185: 'No SID was found for the IP address',
  186: 'SRv6 state was removed during tail call',
  187: 'L3 translation from IPv4 to IPv6 failed (NAT46)',
  188: 'L3 translation from IPv6 to IPv4 failed (NAT64)',
  189: 'Authentication required',
  190: 'No conntrack map found',
  191: 'No nat map found',
  192: 'Invalid ClusterID',
  193: 'Unsupported packet protocol for DSR encapsulation',
  194: 'No egress gateway found',
  195: 'Traffic is unencrypted',
  196: 'TTL exceeded',
  197: 'No node ID found',
  198: 'Rate limited',
};

/** Older names of the same reasons (Cilium renamed them), mapped to today's. */
const OLD_NAMES: Record<string, string> = {
  'policy denied (l3)': 'Policy denied',
  'policy denied (l4)': 'Policy denied',
  'policy denied (cidr)': 'Policy denied',
  'not a local target address': 'Stale or unroutable IP',
};

/** Reasons Cilium's own connectivity tests expect on a healthy cluster (besides policy denials). */
const EXPECTED = new Set(
  [
    'Unsupported L2 protocol',
    'Unsupported L3 protocol',
    'Stale or unroutable IP',
    'Authentication required',
    'Service backend not found',
    'Unsupported protocol for NAT masquerade',
    'Invalid source ip',
    'Unknown L3 target address',
    'Host datapath not ready',
    'Unknown ICMPv4 code',
    'Unknown ICMPv6 code',
    'Forbidden ICMPv6 message',
    'No egress gateway found',
  ].map((n) => n.toLowerCase()),
);

const BY_NAME = new Map<string, string>(Object.values(NAMES).map((n) => [n.toLowerCase(), n]));
/** Flow API enum names (`POLICY_DENIED`, `CT_MAP_INSERTION_FAILED`) that differ from the upper-cased name. */
const ENUM_ALIASES: Record<string, number> = {
  POLICY_DENY: 181,
  NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT: 160,
  CT_CANT_CREATE_ENTRY_FROM_PACKET: 138,
  REACHED_EDT_RATE_LIMITING_DROP_HORIZON: 162,
  IS_A_CLUSTERIP: 174,
  INVALID_VNI: 183,
  VLAN_FILTERED: 182,
  INVALID_TC_BUFFER: 184,
  NO_SID: 185,
  MISSING_SRV6_STATE: 186,
  NAT46: 187,
  NAT64: 188,
  CT_NO_MAP_FOUND: 190,
  SNAT_NO_MAP_FOUND: 191,
  INVALID_CLUSTER_ID: 192,
  UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP: 193,
  NO_EGRESS_GATEWAY: 194,
  UNENCRYPTED_TRAFFIC: 195,
  TTL_EXCEEDED: 196,
  NO_NODE_ID: 197,
  DROP_RATE_LIMITED: 198,
};
const BY_ENUM = new Map<string, number>();
for (const [code, name] of Object.entries(NAMES)) BY_ENUM.set(enumOf(name), Number(code));
for (const [name, code] of Object.entries(ENUM_ALIASES)) BY_ENUM.set(name, code);

function enumOf(name: string): string {
  return name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** One drop reason as read: its name, and whether Cilium's table knows it. */
export interface DropReason {
  /** The name Cilium prints (`Policy denied`), or `unknown drop reason code N` / the text as printed. */
  name: string;
  code?: number;
  /** False for a numeric code or a name that is not in the table: never guessed. */
  known: boolean;
}

/** The reason of a numeric code: its name when Cilium's table has it, else named unknown. */
export function reasonOfCode(code: number): DropReason {
  const name = NAMES[code];
  return name ? { name, code, known: true } : { name: `unknown drop reason code ${code}`, code, known: false };
}

/**
 * The reason of a printed reason: a name (`Policy denied (L3)`, `CT: Map insertion failed`), a flow enum name
 * (`POLICY_DENIED`), or a number (`199`, `199, 0`: what Cilium prints for a code its table lacks).
 */
export function reasonOfText(text: string): DropReason {
  const t = text.trim();
  const num = /^(\d{1,3})(?:,\s*-?\d+)?$/.exec(t);
  if (num) return reasonOfCode(Number(num[1]));
  // `Policy denied, 3`: a known name with Cilium's extended error code.
  const base = t.replace(/,\s*-?\d+$/, '');
  const lower = base.toLowerCase();
  const old = OLD_NAMES[lower];
  if (old) return { name: old, code: codeOfName(old), known: true };
  const named = BY_NAME.get(lower);
  if (named) return { name: named, code: codeOfName(named), known: true };
  const byEnum = BY_ENUM.get(enumOf(base.replace(/^DROP_REASON_/, '')));
  if (byEnum !== undefined && (/^[A-Z0-9_]+$/.test(base) || (/^[a-z0-9_]+$/.test(base) && base.includes('_')))) {
    return reasonOfCode(byEnum);
  }
  if (/^(?:DROP_REASON_UNKNOWN|UNKNOWN|unknown)$/.test(base)) return { name: 'unknown drop reason', known: false };
  return { name: base, known: false };
}

function codeOfName(name: string): number | undefined {
  for (const [code, n] of Object.entries(NAMES)) if (n === name) return Number(code);
  return undefined;
}

/** Policy denials: the default deny (no allow rule matched) and an explicit deny rule. */
export function isPolicyDrop(reason: DropReason): boolean {
  return reason.code === 133 || reason.code === 181 || /^policy denied/i.test(reason.name);
}

/** CT map insertion failures: the BPF connection tracking table could not take a new entry. */
export function isCtInsertFailed(reason: DropReason): boolean {
  return reason.code === 155 || /^CT: Map insertion failed/i.test(reason.name);
}

/** A reason Cilium's connectivity tests expect on healthy clusters (IPv6 NDP, unsupported protocols, churn). */
export function isExpectedDrop(reason: DropReason): boolean {
  return EXPECTED.has(reason.name.toLowerCase());
}
