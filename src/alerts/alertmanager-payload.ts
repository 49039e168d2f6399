// Alertmanager's webhook payload (version 4), checked with zod. Unknown fields are tolerated (newer Alertmanagers and
// Grafana add some); a missing or ill-typed required field is an error naming its path. Pure.
//
// Every delivery goes through here, so a well-formed payload takes a hand-written check that accepts exactly what the
// schema accepts and gives the same value (a test holds the two equal); anything else goes to zod, whose error names
// the offending path.
import { z } from 'zod';

const labelSet = z.record(z.string(), z.string());

/** One alert of a webhook delivery. */
export const alertmanagerAlertSchema = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: z.string().min(1),
  /** `0001-01-01T00:00:00Z` while firing. */
  endsAt: z.string().default('0001-01-01T00:00:00Z'),
  generatorURL: z.string().default(''),
  /** Alertmanager ≥ 0.19 sends it (a hash of the label set); older ones do not, see `alertFingerprint`. */
  fingerprint: z.string().optional(),
});

/**
 * Webhook payload v4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). `version` must be
 * present but any value is accepted: Grafana's Alertmanager-compatible webhook sends "1" with the same fields.
 */
export const alertmanagerPayloadSchema = z.looseObject({
  version: z.string(),
  groupKey: z.string().min(1),
  /** How many alerts `max_alerts` dropped from this delivery (absent before Alertmanager 0.21). */
  truncatedAlerts: z.number().int().nonnegative().default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertmanagerAlertSchema),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

export type ParsedPayload = { ok: true; payload: AlertmanagerPayload } | { ok: false; error: string };

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'payload';
  return path.reduce<string>(
    (text, part) =>
      typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`,
    '',
  );
}

type Json = Record<string, unknown>;

/** An object as JSON.parse makes it; an own `__proto__` key (which zod drops) is left to zod. */
function isPlainObject(value: unknown): value is Json {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, '__proto__')
  );
}

function isLabelSet(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}

const isStatus = (value: unknown) => value === 'firing' || value === 'resolved';
const absentOr = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isString = (value: unknown) => typeof value === 'string';
const isNonEmptyString = (value: unknown) => typeof value === 'string' && value.length > 0;

function isAlert(alert: unknown): alert is Json {
  return (
    isPlainObject(alert) &&
    isStatus(alert.status) &&
    isLabelSet(alert.labels) &&
    absentOr(alert.annotations, isLabelSet) &&
    isNonEmptyString(alert.startsAt) &&
    absentOr(alert.endsAt, isString) &&
    absentOr(alert.generatorURL, isString) &&
    absentOr(alert.fingerprint, isString)
  );
}

/**
 * The fast path: when `json` is a well-formed payload (as the schema defines it), fills in the schema's defaults on
 * `json` itself and returns it; otherwise undefined, and `json` is left as it was.
 */
export function checkPayloadFast(json: unknown): AlertmanagerPayload | undefined {
  if (
    !isPlainObject(json) ||
    !isString(json.version) ||
    !isNonEmptyString(json.groupKey) ||
    !absentOr(json.truncatedAlerts, (n) => Number.isSafeInteger(n) && (n as number) >= 0) ||
    !isStatus(json.status) ||
    !isString(json.receiver) ||
    !absentOr(json.groupLabels, isLabelSet) ||
    !absentOr(json.commonLabels, isLabelSet) ||
    !absentOr(json.commonAnnotations, isLabelSet) ||
    !absentOr(json.externalURL, isString) ||
    !Array.isArray(json.alerts) ||
    !json.alerts.every(isAlert)
  ) {
    return undefined;
  }
  json.truncatedAlerts ??= 0;
  json.groupLabels ??= {};
  json.commonLabels ??= {};
  json.commonAnnotations ??= {};
  json.externalURL ??= '';
  for (const alert of json.alerts as Json[]) {
    alert.annotations ??= {};
    alert.endsAt ??= ZERO_TIME;
    alert.generatorURL ??= '';
  }
  return json as AlertmanagerPayload;
}

/**
 * Checks a decoded JSON body against webhook payload v4 (the defaults filled in on `json` itself when it is well
 * formed). The error names the first few offending paths, e.g. `alerts[0].status: expected one of "firing"|"resolved"`.
 */
export function parseAlertmanagerPayload(json: unknown): ParsedPayload {
  const fast = checkPayloadFast(json);
  if (fast) return { ok: true, payload: fast };
  const result = alertmanagerPayloadSchema.safeParse(json);
  if (result.success) return { ok: true, payload: result.data };
  const issues = result.error.issues;
  const shown = issues.slice(0, 3).map((issue) => `${pathOf(issue.path)}: ${issue.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return { ok: false, error: `not an Alertmanager webhook payload v4: ${shown.join('; ')}${more}` };
}

/** The time Alertmanager sends as `endsAt` while an alert fires. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Whether `endsAt` is Alertmanager's "not ended" value (the zero Go time). */
export function isZeroTime(time: string): boolean {
  return time.startsWith('0001-01-01');
}
