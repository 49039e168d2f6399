import { describe, expect, it } from 'vitest';
import { parseChannelRoutes, routeChannel } from '../../../src/alerts/channel-routes.js';

describe('channel routes', () => {
  const routes = parseChannelRoutes('team=payments:C0PAY;severity=critical:C0CRIT');

  it('route by the first matching route, else the default channel', () => {
    expect(routeChannel(routes, { team: 'payments', severity: 'critical' }, 'C0DEF')).toBe('C0PAY');
    expect(routeChannel(routes, { team: 'search', severity: 'critical' }, 'C0DEF')).toBe('C0CRIT');
    expect(routeChannel(routes, { team: 'search', severity: 'warning' }, 'C0DEF')).toBe('C0DEF');
    expect(routeChannel([], { team: 'payments' }, 'C0DEF')).toBe('C0DEF');
  });

  it('require every matcher of a route; regexes, quotes and colons in values', () => {
    const many = parseChannelRoutes(
      'severity=critical,cluster=~prod-.*:C0PROD; instance="10.0.0.1:9100":G0HOST ;job=~"a;b|c,d":C0ODD',
    );
    expect(routeChannel(many, { severity: 'critical', cluster: 'prod-eu' }, 'C0DEF')).toBe('C0PROD');
    expect(routeChannel(many, { severity: 'critical', cluster: 'staging' }, 'C0DEF')).toBe('C0DEF');
    expect(routeChannel(many, { instance: '10.0.0.1:9100' }, 'C0DEF')).toBe('G0HOST');
    expect(routeChannel(many, { job: 'a;b' }, 'C0DEF')).toBe('C0ODD');
    expect(routeChannel(many, { job: 'c,d' }, 'C0DEF')).toBe('C0ODD');
  });

  it('empty text is no routes; bad routes throw naming the route', () => {
    expect(parseChannelRoutes('')).toEqual([]);
    expect(parseChannelRoutes(undefined)).toEqual([]);
    expect(() => parseChannelRoutes('team=payments')).toThrow(/route "team=payments": expected MATCHERS:CHANNEL_ID/);
    expect(() => parseChannelRoutes('team=payments:#payments')).toThrow(/channel id/);
    expect(() => parseChannelRoutes(':C0PAY')).toThrow(/no label matcher|not a label matcher/);
    expect(() => parseChannelRoutes('team~payments:C0PAY')).toThrow(/not a label matcher/);
  });
});
