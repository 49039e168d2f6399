// Incidents and alerts as the alerts engineer's code stores them, for rendering tests.
import type { AlertState, Incident } from '../../../../src/incident/incident.js';

export const alice = { userId: 'U0ALICE', userName: 'alice' };

export function alert(overrides: Partial<AlertState> = {}): AlertState {
  return {
    fingerprint: 'a1b2c3d4e5f60718',
    alertname: 'NodeHighNumberConntrackEntriesUsed',
    status: 'firing',
    startsAt: '2025-03-04T11:52:10.000Z',
    node: 'node-7',
    severity: 'warning',
    summary: 'Number of conntrack are getting close to the limit.',
    labels: {
      alertname: 'NodeHighNumberConntrackEntriesUsed',
      instance: '10.0.0.7:9100',
      node: 'node-7',
      severity: 'warning',
    },
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=x',
    ...overrides,
  };
}

export function firingIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-6f1d2a9c0b7e',
    cluster: 'prod-eu-1',
    source: 'alert',
    groupKey: '{}:{alertname="NodeHighNumberConntrackEntriesUsed"}',
    title: 'NodeHighNumberConntrackEntriesUsed',
    status: 'firing',
    channel: 'C0INCIDENTS',
    rootTs: '1741089130.000100',
    createdAt: '2025-03-04T11:52:40.000Z',
    updatedAt: '2025-03-04T11:58:03.000Z',
    alerts: [
      alert(),
      alert({
        fingerprint: 'b2c3d4e5f6071829',
        node: 'node-12',
        labels: { alertname: 'NodeHighNumberConntrackEntriesUsed', node: 'node-12' },
      }),
    ],
    commonLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed', severity: 'warning' },
    groupLabels: { alertname: 'NodeHighNumberConntrackEntriesUsed' },
    externalURL: 'http://alertmanager.example:9093',
    truncatedAlerts: 0,
    resends: 0,
    lastDeliveryAt: '2025-03-04T11:52:40.000Z',
    nodes: ['node-7', 'node-12'],
    checks: [
      {
        node: 'node-7',
        at: '2025-03-04T11:54:12.000Z',
        ok: true,
        counts: { critical: 1, warning: 1, info: 0 },
        top: 'The conntrack table is full: the kernel is dropping new connections',
      },
      { node: 'node-12', at: '2025-03-04T11:54:30.000Z', ok: false, error: 'no answer from node-12 within 120 s' },
    ],
    ...overrides,
  };
}

export function resolvedIncident(): Incident {
  const base = firingIncident();
  return {
    ...base,
    status: 'resolved',
    resolvedAt: '2025-03-04T12:31:00.000Z',
    updatedAt: '2025-03-04T12:31:00.000Z',
    alerts: base.alerts.map((a) => ({ ...a, status: 'resolved', endsAt: '2025-03-04T12:30:45.000Z' })),
  };
}
