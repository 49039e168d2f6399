import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRIAGE_ALERTS,
  defaultTriageRules,
  matchesTriage,
  parseTriageRules,
} from '../../../src/alerts/triage-rules.js';
import { fixture } from '../../fixtures/alertmanager/fixtures.js';

const alert = (labels: Record<string, string>) => ({ labels });

describe('triage rules', () => {
  it('default to the conntrack alerts', () => {
    const rules = parseTriageRules(undefined);
    expect(rules.map((r) => r.text)).toEqual([...DEFAULT_TRIAGE_ALERTS]);
    expect(parseTriageRules('  ')).toEqual(defaultTriageRules());
    for (const name of DEFAULT_TRIAGE_ALERTS) expect(matchesTriage(alert({ alertname: name }), rules)).toBe(true);
    expect(matchesTriage(fixture('conntrack-firing').alerts[0] ?? alert({}), rules)).toBe(true);
    expect(matchesTriage(fixture('probe-failure-v4').alerts[0] ?? alert({}), rules)).toBe(false);
    expect(matchesTriage(alert({ alertname: 'ConntrackTableNearFullX' }), rules)).toBe(false);
  });

  it('parse names, matchers and regexes, anchored', () => {
    const rules = parseTriageRules('alertname=Foo,alertname=~Conntrack.*, KubeProxyDown');
    expect(matchesTriage(alert({ alertname: 'Foo' }), rules)).toBe(true);
    expect(matchesTriage(alert({ alertname: 'ConntrackAnything' }), rules)).toBe(true);
    expect(matchesTriage(alert({ alertname: 'KubeProxyDown' }), rules)).toBe(true);
    expect(matchesTriage(alert({ alertname: 'MyConntrack' }), rules)).toBe(false);
    expect(matchesTriage(alert({ alertname: 'Foo2' }), rules)).toBe(false);
  });

  it('join matchers with & and support != and !~', () => {
    const rules = parseTriageRules('alertname=~Conntrack.*&severity!=info&cluster!~"dev|test"');
    expect(matchesTriage(alert({ alertname: 'ConntrackX', severity: 'critical' }), rules)).toBe(true);
    expect(matchesTriage(alert({ alertname: 'ConntrackX', severity: 'info' }), rules)).toBe(false);
    expect(matchesTriage(alert({ alertname: 'ConntrackX', cluster: 'dev' }), rules)).toBe(false);
  });

  it('none disables triage; bad rules throw naming the rule', () => {
    expect(parseTriageRules('none')).toEqual([]);
    expect(() => parseTriageRules('Foo,alertname=~(')).toThrow(/triage rule "alertname=~\(": .*bad regex/);
    expect(() => parseTriageRules('not a rule')).toThrow(/"not a rule"/);
  });
});
