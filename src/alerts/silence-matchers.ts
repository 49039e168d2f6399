// The matchers of the silences that mute exactly an incident's alerts (Alertmanager v2 `matchers[]`), how they read
// in Slack, and whether a silence would also mute an alert outside the incident. Pure.

/** A matcher of Alertmanager's v2 API (`PostableSilence.matchers[]`). */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** An alert as far as silencing goes: its label set (and Alertmanager's fingerprint of it, when known). */
export interface LabelledAlert {
  labels: Readonly<Record<string, string>>;
  fingerprint?: string;
}

/** Most silences one "Silence" press creates; an incident with more distinct alerts is silenced by hand. */
export const MAX_SILENCES = 10;

export type SilencePlan =
  /** One matcher list per silence; together they mute the incident's alerts and nothing else. */
  | { ok: true; silences: SilenceMatcher[][] }
  /** Nothing may be silenced: `reason` says why, `hint` what the user can do. */
  | { ok: false; reason: string; hint: string };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** RE2 metacharacters (Go's regexp.QuoteMeta); the same escapes mean the literal in a JavaScript RegExp. */
export function quoteRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The label set as Prometheus sees it: a label with an empty value does not exist. */
function present(labels: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(labels)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/** A canonical key of a label set (equal sets, equal keys). */
export function labelSetKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(present(labels));
}

function equal(name: string, value: string): SilenceMatcher {
  return { name, value, isRegex: false, isEqual: true };
}

const HAND_HINT =
  'Silence it in Alertmanager with the matchers you want (the alerts and their labels are in the incident thread).';

/**
 * The silences that mute exactly `alerts` (an incident's alerts, firing or resolved):
 * - one label set: every label of it, by equality;
 * - label sets that differ in one label only: the labels they share, and that label as a regex alternation of its
 *   values (an absent label is the empty value), which selects those label sets and no other;
 * - otherwise one silence per label set, each with its labels and `name=""` for the labels the others have, so no
 *   silence reaches an alert that only adds one of those labels (at most MAX_SILENCES).
 * An alert with a label name Alertmanager's matchers cannot name, or with no label, is refused: leaving the label
 * out would silence more than the incident.
 */
export function planIncidentSilences(alerts: readonly LabelledAlert[], maxSilences = MAX_SILENCES): SilencePlan {
  if (alerts.length === 0) {
    return { ok: false, reason: 'this incident has no alert to silence', hint: HAND_HINT };
  }
  const sets = new Map<string, Map<string, string>>();
  for (const alert of alerts) {
    const pairs = present(alert.labels);
    const bad = pairs.find(([name]) => !LABEL_NAME.test(name));
    if (bad) {
      return {
        ok: false,
        reason: `the label name ${JSON.stringify(bad[0])} cannot be matched by a silence netcheck creates, and a silence without it would mute more than this incident`,
        hint: HAND_HINT,
      };
    }
    if (pairs.length === 0) {
      return {
        ok: false,
        reason: 'an alert of this incident has no labels, so no silence can select it alone',
        hint: HAND_HINT,
      };
    }
    sets.set(JSON.stringify(pairs), new Map(pairs));
  }
  const distinct = [...sets.values()];
  const names = [...new Set(distinct.flatMap((set) => [...set.keys()]))];
  const shared = names.filter((name) => {
    const value = distinct[0]?.get(name);
    return value !== undefined && distinct.every((set) => set.get(name) === value);
  });
  const varying = names.filter((name) => !shared.includes(name));
  const sharedMatchers = present(Object.fromEntries(shared.map((name) => [name, distinct[0]?.get(name) ?? ''])));
  if (varying.length === 0) return { ok: true, silences: [sharedMatchers.map(([n, v]) => equal(n, v))] };
  const [only] = varying;
  if (varying.length === 1 && only !== undefined) {
    const values = [...new Set(distinct.map((set) => set.get(only) ?? ''))].sort();
    const regex = { name: only, value: values.map(quoteRegex).join('|'), isRegex: true, isEqual: true };
    return { ok: true, silences: [[...sharedMatchers.map(([n, v]) => equal(n, v)), regex]] };
  }
  if (distinct.length > maxSilences) {
    return {
      ok: false,
      reason: `this incident has ${distinct.length} alerts with different labels; one press creates at most ${maxSilences} silences, and a broader silence would mute alerts outside the incident`,
      hint: HAND_HINT,
    };
  }
  return {
    ok: true,
    silences: distinct.map((set) => [
      ...[...set.entries()].map(([n, v]) => equal(n, v)),
      ...names.filter((name) => !set.has(name)).map((name) => equal(name, '')),
    ]),
  };
}

/** Whether a silence with `matchers` mutes an alert with `labels` (a missing label is the empty value). */
export function silenceMatches(
  matchers: readonly SilenceMatcher[],
  labels: Readonly<Record<string, string | undefined>>,
): boolean {
  return matchers.every((m) => {
    const value = labels[m.name] ?? '';
    const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(value) : value === m.value;
    return hit === m.isEqual;
  });
}

/**
 * The alerts among `current` (Alertmanager's alerts now) that one of `silences` would mute although they are not
 * among `incident` (compared by label set, and by fingerprint when both have one).
 */
export function alertsOutside(
  silences: readonly (readonly SilenceMatcher[])[],
  incident: readonly LabelledAlert[],
  current: readonly LabelledAlert[],
): LabelledAlert[] {
  const keys = new Set(incident.map((alert) => labelSetKey(alert.labels)));
  const fingerprints = new Set(incident.flatMap((alert) => (alert.fingerprint ? [alert.fingerprint] : [])));
  return current.filter(
    (alert) =>
      !keys.has(labelSetKey(alert.labels)) &&
      !(alert.fingerprint !== undefined && fingerprints.has(alert.fingerprint)) &&
      silences.some((matchers) => silenceMatches(matchers, alert.labels)),
  );
}

/** A matcher as Alertmanager and amtool print it: `name="value"`, `name=~"regex"`, `name!="value"`, `name!~"regex"`. */
export function formatMatcher(matcher: SilenceMatcher): string {
  const op = matcher.isRegex ? (matcher.isEqual ? '=~' : '!~') : matcher.isEqual ? '=' : '!=';
  return `${matcher.name}${op}${JSON.stringify(matcher.value)}`;
}

/** A silence's matchers as one line: `{alertname="X", instance=~"a|b"}`. */
export function formatMatchers(matchers: readonly SilenceMatcher[]): string {
  return `{${matchers.map(formatMatcher).join(', ')}}`;
}

/** A label set as one line, for messages: `{alertname="X", pod="p"}`. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return formatMatchers(present(labels).map(([n, v]) => equal(n, v)));
}
