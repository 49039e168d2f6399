import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/main/config.js';
import { ConfigError } from '../../src/main/config-error.js';

const BOT = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefgh',
  SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NETCHECK_CHANNEL: 'C0INCIDENTS',
};

function problem(env: Record<string, string | undefined>, role: 'all' | 'bot' | 'worker' = 'all'): string {
  try {
    loadConfig(env, role);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a minimal bot configuration with defaults', () => {
    const config = loadConfig(BOT, 'all');
    expect(config).toMatchObject({
      role: 'all',
      port: 3000,
      cluster: 'kubernetes',
      channel: 'C0INCIDENTS',
      redis: { url: BOT.REDIS_URL, prefix: 'netcheck' },
      slack: { apiUrl: 'https://slack.com/api/', signingSecret: BOT.SLACK_SIGNING_SECRET },
      exec: { mode: 'agent', concurrency: 4, intervalSeconds: 5 },
      triage: { debounceSeconds: 600 },
      duplicateWindowSeconds: 120,
    });
    expect(config.slack.appToken).toBeUndefined();
    expect(config.warnings.join('\n')).toContain('everyone in the workspace may run collections');
    expect(config.warnings.join('\n')).toContain('POST /alertmanager accepts any caller');
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        ...BOT,
        SLACK_API_URL: 'http://127.0.0.1:9/api',
        PORT: '8080',
        ALERTMANAGER_TOKEN: 'am-token-123456',
        ALERTMANAGER_URL: 'http://alertmanager:9093',
        PROMETHEUS_URL: 'http://prometheus:9090',
        NETCHECK_ALLOWED_USERS: 'U01AAA, W02BBB',
        NETCHECK_ALLOWED_GROUPS: 'S0SRE',
        NETCHECK_ALLOWED_CHANNELS: 'C0OPS',
        NETCHECK_CLUSTER: 'prod-eu-1',
        NETCHECK_REDIS_PREFIX: 'nc-prod',
        NETCHECK_EXEC_MODE: 'debug-pod',
        NETCHECK_NAMESPACE: 'netdiag',
        NETCHECK_CONCURRENCY: '8',
        NETCHECK_TRIAGE_DEBOUNCE: '300',
        NETCHECK_ROUTES: 'team=payments:C0PAY',
        NETCHECK_TRIAGE_ALERTS: 'NodeHighNumberConntrackEntriesUsed,alertname=~Conntrack.*&severity=critical',
        LOG_LEVEL: 'debug',
        KUBECONFIG: '/kube/config',
      },
      'bot',
    );
    expect(config).toMatchObject({
      port: 8080,
      slack: { apiUrl: 'http://127.0.0.1:9/api/' },
      access: { allowedUsers: ['U01AAA', 'W02BBB'], allowedGroups: ['S0SRE'], allowedChannels: ['C0OPS'] },
      alertmanager: { token: 'am-token-123456', url: 'http://alertmanager:9093' },
      exec: { mode: 'debug-pod', namespace: 'netdiag', concurrency: 8, kubeconfig: '/kube/config' },
      redis: { prefix: 'nc-prod' },
      routes: [{ channel: 'C0PAY', text: 'team=payments:C0PAY' }],
      logLevel: 'debug',
    });
    expect(config.triage.rules.map((rule) => rule.text)).toContain('NodeHighNumberConntrackEntriesUsed');
    expect(config.warnings).toEqual([]);
  });

  it('names each bad or missing variable and what is expected', () => {
    expect(problem({ ...BOT, NETCHECK_CONCURRENCY: 'lots' })).toContain(
      'NETCHECK_CONCURRENCY: expected a whole number of collections at once per worker from 1 to 100, got "lots"',
    );
    expect(problem({ ...BOT, PORT: '70000' })).toContain('PORT: expected a whole number from 0 to 65535');
    expect(problem({ ...BOT, NETCHECK_CHANNEL: '#incidents' })).toContain(
      'NETCHECK_CHANNEL: expected a Slack channel id such as C0123456789 (not a #name), got "#incidents"',
    );
    expect(problem({ ...BOT, NETCHECK_ALLOWED_USERS: 'U01AAA,alice' })).toContain(
      'NETCHECK_ALLOWED_USERS: expected comma-separated Slack user ids (U0123…), got "alice"',
    );
    expect(problem({ ...BOT, NETCHECK_EXEC_MODE: 'ssh' })).toContain(
      'NETCHECK_EXEC_MODE: expected one of agent, debug-pod, got "ssh"',
    );
    expect(problem({ ...BOT, ALERTMANAGER_URL: 'alertmanager:9093' })).toContain('ALERTMANAGER_URL: expected an http');
    expect(problem({ ...BOT, REDIS_URL: 'localhost:6379' })).toContain('REDIS_URL: expected a redis://');
    const missing = problem({ SLACK_SIGNING_SECRET: BOT.SLACK_SIGNING_SECRET, PORT: 'x' });
    for (const name of ['SLACK_BOT_TOKEN: missing', 'REDIS_URL: missing', 'NETCHECK_CHANNEL: missing', 'PORT: ']) {
      expect(missing).toContain(name);
    }
    expect(problem({ ...BOT, ALERTMANAGER_USERNAME: 'am' })).toContain('ALERTMANAGER_PASSWORD: missing');
    expect(problem({ ...BOT, NETCHECK_ROUTES: 'team=payments:#payments' })).toContain(
      'NETCHECK_ROUTES: route "team=payments:#payments": expected MATCHERS:CHANNEL_ID',
    );
    expect(problem({ ...BOT, NETCHECK_TRIAGE_ALERTS: 'alertname=~(' })).toContain(
      'NETCHECK_TRIAGE_ALERTS: triage rule',
    );
  });

  it('never echoes a secret in its message', () => {
    const message = problem({
      ...BOT,
      SLACK_BOT_TOKEN: 'not-a-token-s3cr3t',
      SLACK_APP_TOKEN: 'xoxb-wrong-kind-s3cr3t',
    });
    expect(message).toContain('SLACK_BOT_TOKEN: expected a Slack bot token');
    expect(message).toContain('SLACK_APP_TOKEN: expected a Slack app-level token');
    expect(message).not.toContain('s3cr3t');
    expect(problem({ ...BOT, SLACK_SIGNING_SECRET: 'short' })).not.toContain('short"');
  });

  it('is role-aware: HTTP needs the signing secret, Socket Mode the app token, the worker neither', () => {
    const { SLACK_SIGNING_SECRET: _, NETCHECK_CHANNEL: __, ...worker } = BOT;
    expect(problem(worker, 'bot')).toContain('SLACK_SIGNING_SECRET: missing');
    expect(loadConfig(worker, 'worker')).toMatchObject({ role: 'worker', warnings: [] });
    const socket = loadConfig({ ...worker, NETCHECK_CHANNEL: 'C0X', SLACK_APP_TOKEN: 'xapp-1-A0-123-abc' }, 'bot');
    expect(socket.slack.appToken).toBe('xapp-1-A0-123-abc');
    expect(socket.slack.signingSecret).toBeUndefined();
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ ...BOT, PORT: '', NETCHECK_ALLOWED_USERS: ' ' }).port).toBe(3000);
  });
});
