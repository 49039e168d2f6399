// Draws `report.incomplete` and `report.sections-unavailable`: a collector report cut off, sections that could not run.
import type { Finding } from '../domain/finding.js';
import type { Report } from '../domain/report.js';

const UNAVAILABLE = new Set(['missing', 'failed', 'timeout', 'skipped']);

/** Findings about the collector report itself: cut off in transit, sections that could not run or were cut. */
export function analyzeReportIntegrity(report: Report): Finding[] {
  const meta = report.collector;
  if (!meta) return [];
  const findings: Finding[] = [];
  if (!meta.complete) {
    const evidence = meta.sentinelSeen
      ? [`the report declared ${meta.bytesDeclared ?? '?'} bytes but ${meta.bytesSeen} arrived`]
      : [
          `no "#netcheck end" line: the report stops after ${meta.bytesSeen} bytes and ${meta.sections.length} sections`,
        ];
    const last = meta.sections.at(-1);
    if (last && !meta.sentinelSeen) evidence.push(`last section received: ${last.name}`);
    findings.push({
      id: 'report.incomplete',
      severity: 'warning',
      title: 'The collector report is incomplete: findings below are drawn from part of the evidence',
      evidence,
      fix: 'Run the collection again. If it keeps stopping, raise the deadline (--deadline) or check the exec connection (kubectl exec can cut large output: kubernetes/kubernetes#124571).',
    });
  }
  const unavailable = meta.sections.filter((s) => UNAVAILABLE.has(s.status) || s.truncated);
  if (unavailable.length > 0) {
    findings.push({
      id: 'report.sections-unavailable',
      severity: 'info',
      title: `${unavailable.length} collector section${unavailable.length === 1 ? '' : 's'} could not run or were cut`,
      evidence: unavailable.map(
        (s) =>
          `${s.name}: ${s.truncated && !UNAVAILABLE.has(s.status) ? 'cut at its size budget' : s.status}${
            s.rc !== undefined && s.rc !== 0 ? ` (exit ${s.rc})` : ''
          }${s.cmd ? `: ${s.cmd}` : ''}`,
      ),
      fix: 'Install the missing tools in the agent image (conntrack, iptables, nftables, ipvsadm, iproute2, DNS tools) or run the collector as root in the host network namespace.',
    });
  }
  return findings;
}
