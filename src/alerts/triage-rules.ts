// Which alerts start a collection on their node by themselves (auto-triage). Pure.
//
// Syntax of NETCHECK_TRIAGE_ALERTS: rules separated by `,` (an alert matching any rule is triaged). A rule is a
// plain alert name (`ConntrackTableNearFull`) or label matchers joined by `&`
// (`alertname=~Conntrack.*&severity=critical`). Values may be double-quoted to contain `,` `&` or `;`.
// Empty or unset: DEFAULT_TRIAGE_ALERTS. `none`: no auto-triage.
import type { AlertmanagerAlert } from './alertmanager-payload.js';
import { type LabelMatcher, matchesAll, parseLabelMatcher, splitOutsideQuotes } from './label-matcher.js';

/** A triage rule: every matcher must match the alert's labels. */
export interface TriageRule {
  matchers: LabelMatcher[];
  /** The rule as written, for logs and `/netcheck status`. */
  text: string;
}

/**
 * kube-prometheus' (node-mixin) conntrack alert and the conntrack alerts of netcheck's own rules
 * (deploy/prometheus/netcheck-rules.yaml). The first fires at 75% with `for: 0m`, so it flaps: the collection queue
 * debounces per node.
 */
export const DEFAULT_TRIAGE_ALERTS = [
  'NodeHighNumberConntrackEntriesUsed',
  'ConntrackTableNearFull',
  'ConntrackTableCritical',
  'ConntrackEntriesGrowingFast',
  'ConntrackInsertFailedOrDrop',
] as const;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function parseRule(text: string): TriageRule {
  const trimmed = text.trim();
  if (NAME.test(trimmed)) return { matchers: [parseLabelMatcher(`alertname=${trimmed}`)], text: trimmed };
  const matchers = splitOutsideQuotes(trimmed, '&').map((part) => parseLabelMatcher(part));
  return { matchers, text: trimmed };
}

/** The default rules: one per name in DEFAULT_TRIAGE_ALERTS. */
export function defaultTriageRules(): TriageRule[] {
  return DEFAULT_TRIAGE_ALERTS.map((name) => parseRule(name));
}

/** Parses NETCHECK_TRIAGE_ALERTS (syntax above); throws with the offending rule in the message. */
export function parseTriageRules(text: string | undefined): TriageRule[] {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return defaultTriageRules();
  if (trimmed.toLowerCase() === 'none') return [];
  return splitOutsideQuotes(trimmed, ',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      try {
        return parseRule(part);
      } catch (error) {
        throw new Error(`triage rule ${JSON.stringify(part.trim())}: ${(error as Error).message}`);
      }
    });
}

/** Whether the alert matches any of the rules. */
export function matchesTriage(alert: Pick<AlertmanagerAlert, 'labels'>, rules: readonly TriageRule[]): boolean {
  return rules.some((rule) => matchesAll(rule.matchers, alert.labels));
}
