// The intake's hand-written payload check against the zod schema it stands in for: on any payload, valid or mutated
// at random, parseAlertmanagerPayload gives what the schema alone gives (same verdict, same value).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertmanagerPayloadSchema,
  checkPayloadFast,
  parseAlertmanagerPayload,
} from '../../../src/alerts/alertmanager-payload.js';
import { fixtureText } from '../../fixtures/alertmanager/fixtures.js';

const FIXTURES = ['conntrack-firing', 'probe-failure-v4', 'legacy-no-fingerprint'] as const;
const TOP = [
  'version',
  'groupKey',
  'truncatedAlerts',
  'status',
  'receiver',
  'groupLabels',
  'commonLabels',
  'commonAnnotations',
  'externalURL',
  'alerts',
  'extra',
];
const ALERT = ['status', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint', 'values'];

/** A value that may or may not fit the field it lands in (strings, numbers, label sets, enums, nesting). */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('firing', 'resolved', '', '4', 0, -1, 1.5, 2 ** 60, -0, null, {}, [], { a: 'b' }, { a: 1 }),
  fc.dictionary(fc.constantFrom('a', 'severity', '__proto__', 'constructor'), fc.oneof(fc.string(), fc.integer())),
);

/** A mutation: delete a field or set it, at the top level, in an alert or in an alert's labels. */
const mutation = fc.oneof(
  fc.record({ where: fc.constant('top' as const), key: fc.constantFrom(...TOP), value: fc.option(anyValue) }),
  fc.record({
    where: fc.constant('alert' as const),
    index: fc.nat(3),
    key: fc.constantFrom(...ALERT),
    value: fc.option(anyValue),
  }),
  fc.record({
    where: fc.constant('label' as const),
    index: fc.nat(3),
    key: fc.constantFrom('severity', 'instance', '__proto__', 'x'),
    value: fc.option(anyValue),
  }),
);

type Mutation = { where: 'top' | 'alert' | 'label'; key: string; index?: number; value: unknown };

function apply(json: Record<string, unknown>, { where, key, index = 0, value }: Mutation): void {
  const alerts = Array.isArray(json.alerts) ? (json.alerts as Record<string, unknown>[]) : [];
  const alert = alerts[index % Math.max(1, alerts.length)];
  const target =
    where === 'top' ? json : where === 'alert' ? alert : (alert?.labels as Record<string, unknown> | undefined);
  if (!target || typeof target !== 'object') return;
  // JSON.parse makes `__proto__` an own key; so does defineProperty.
  if (value === null) delete target[key];
  else {
    // A copy: fast-check hands the same constant to many runs, and a run may add fields to it.
    const copy = structuredClone(value);
    Object.defineProperty(target, key, { value: copy, enumerable: true, writable: true, configurable: true });
  }
}

describe('the payload fast path', () => {
  it('takes every fixture (the common case does not reach zod)', () => {
    for (const name of FIXTURES) expect(checkPayloadFast(JSON.parse(fixtureText(name)))).toBeDefined();
  });

  it('gives what the zod schema gives, on any mutation of a real payload', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(mutation, { maxLength: 4 }), (name, mutations) => {
        const make = () => {
          const json = JSON.parse(fixtureText(name)) as Record<string, unknown>;
          for (const m of mutations) apply(json, m as Mutation);
          return json;
        };
        const reference = alertmanagerPayloadSchema.safeParse(make());
        const ours = parseAlertmanagerPayload(make());
        expect(ours.ok).toBe(reference.success);
        if (ours.ok && reference.success) expect(ours.payload).toEqual(reference.data);
      }),
      { numRuns: 2000 },
    );
  });
});
