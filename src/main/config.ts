// `netcheck serve` settings from the environment, validated with zod at start-up (README "Run the Slack bot").
// A bad or missing value stops start-up with a ConfigError naming the variable; secrets are never echoed.
import { z } from 'zod';
import { type ChannelRoute, parseChannelRoutes } from '../alerts/channel-routes.js';
import { defaultTriageRules, parseTriageRules, type TriageRule } from '../alerts/triage-rules.js';
import type { AuthorizationPolicy } from '../chatops/authorize.js';
import { isOpenPolicy } from '../chatops/authorize.js';
import { ConfigError } from './config-error.js';
import {
  CHANNEL_ID,
  GROUP_ID,
  httpUrl,
  oneOf,
  redisUrl,
  secret,
  slackIds,
  token,
  USER_ID,
  wholeNumber,
} from './env-values.js';

/** Which parts run in this process: the Bolt app (HTTP), the collection worker, or both. */
export type Role = 'all' | 'bot' | 'worker';
export const ROLES: readonly Role[] = ['all', 'bot', 'worker'];

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** A text setting read by one of the alerts module's parsers; their error names the offending part. */
function parsedWith<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message, input: text });
      return z.NEVER;
    }
  });
}

const shape = {
  SLACK_BOT_TOKEN: token('xox', 'a Slack bot token'),
  SLACK_SIGNING_SECRET: secret("the Slack app's signing secret"),
  SLACK_APP_TOKEN: token('xapp-', 'a Slack app-level token for Socket Mode'),
  SLACK_API_URL: httpUrl(),
  REDIS_URL: redisUrl(),
  NETCHECK_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'expected letters, digits, "_" or "-" (at most 64), no ":"' }),
  PORT: wholeNumber(0, 65535),
  ALERTMANAGER_TOKEN: secret('the bearer token Alertmanager sends'),
  ALERTMANAGER_USERNAME: z.string().regex(/^[^:\s]{1,128}$/, { error: 'expected a user name without ":" or spaces' }),
  ALERTMANAGER_PASSWORD: secret('the basic-auth password Alertmanager sends'),
  ALERTMANAGER_URL: httpUrl(),
  PROMETHEUS_URL: httpUrl(),
  NETCHECK_CHANNEL: z.string().regex(CHANNEL_ID, {
    error: (issue) =>
      `expected a Slack channel id such as C0123456789 (not a #name), got ${JSON.stringify(issue.input)}`,
  }),
  NETCHECK_ALLOWED_USERS: slackIds(USER_ID, 'Slack user ids (U0123…)'),
  NETCHECK_ALLOWED_GROUPS: slackIds(GROUP_ID, 'Slack user group ids (S0123…)'),
  NETCHECK_ALLOWED_CHANNELS: slackIds(CHANNEL_ID, 'Slack channel ids (C0123…)'),
  NETCHECK_CLUSTER: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,62}$/, { error: 'expected a short cluster name (letters, digits, ._:/-)' }),
  KUBECONFIG: z.string(),
  NETCHECK_EXEC_MODE: oneOf(['agent', 'debug-pod']),
  NETCHECK_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: 'expected a Kubernetes namespace name' }),
  NETCHECK_CONCURRENCY: wholeNumber(1, 100, 'collections at once per worker'),
  NETCHECK_SWEEP_CONCURRENCY: wholeNumber(1, 500, 'nodes at once in a sweep'),
  NETCHECK_INTERVAL: wholeNumber(1, 60, 'seconds'),
  NETCHECK_JOB_DEADLINE: wholeNumber(10, 900, 'seconds'),
  NETCHECK_TRIAGE_DEBOUNCE: wholeNumber(0, 86400, 'seconds'),
  NETCHECK_TRIAGE_MAX_NODES: wholeNumber(0, 1000, 'nodes collected one by one per delivery'),
  NETCHECK_TRIAGE_ALERTS: parsedWith(parseTriageRules),
  NETCHECK_ROUTES: parsedWith(parseChannelRoutes),
  NETCHECK_DUPLICATE_WINDOW: wholeNumber(0, 3600, 'seconds'),
  NETCHECK_SHUTDOWN_TIMEOUT: wholeNumber(1, 600, 'seconds'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
};

/** Every environment variable `netcheck serve` reads (README.md, "Run the Slack bot", documents each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(shape);

type Vars = { [K in keyof typeof shape]?: z.output<(typeof shape)[K]> };
const schema = z.object(shape).partial();

export interface Config {
  role: Role;
  slack: {
    botToken: string;
    /** HTTP mode: verifies every request from Slack. Absent for a worker or in Socket Mode. */
    signingSecret?: string;
    /** Socket Mode when set. */
    appToken?: string;
    /** Web API base URL, ending in `/`. */
    apiUrl: string;
  };
  redis: { url: string; prefix: string };
  port: number;
  alertmanager: { token?: string; username?: string; password?: string; url?: string };
  prometheusUrl?: string;
  cluster: string;
  /** Default incident channel (alerts that no route matches). Required by the bot role. */
  channel?: string;
  /** `NETCHECK_ROUTES`: label matchers → channel, first match wins (src/alerts/channel-routes.ts). */
  routes: ChannelRoute[];
  access: AuthorizationPolicy;
  exec: {
    mode: 'agent' | 'debug-pod';
    namespace?: string;
    kubeconfig?: string;
    concurrency: number;
    sweepConcurrency: number;
    intervalSeconds: number;
    jobDeadlineSeconds: number;
  };
  /**
   * Alerts that start a collection on their node by themselves, the per-node debounce, and how many nodes of one
   * delivery are collected one by one (more become one sweep of those nodes).
   */
  triage: { rules: TriageRule[]; debounceSeconds: number; maxNodes: number };
  duplicateWindowSeconds: number;
  shutdownTimeoutSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Start-up warnings (open access, unauthenticated intake) to log once. */
  warnings: string[];
}

/** Environment values that are set: empty or blank strings count as unset (ConfigMaps often carry ""). */
function setValues(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

function requireSet(vars: Readonly<Record<string, string>>, role: Role, problems: string[]): void {
  const need = (name: keyof typeof shape, why: string) => {
    if (vars[name] === undefined) problems.push(`${name}: missing; ${why}`);
  };
  need('SLACK_BOT_TOKEN', 'set the Slack bot token (xoxb-…, OAuth & Permissions page of the Slack app)');
  need('REDIS_URL', 'set the Redis URL, e.g. redis://netcheck-redis:6379');
  if (role === 'worker') return;
  if (vars.SLACK_APP_TOKEN === undefined) {
    need(
      'SLACK_SIGNING_SECRET',
      "set the Slack app's signing secret (Basic Information page), or SLACK_APP_TOKEN for Socket Mode",
    );
  }
  need('NETCHECK_CHANNEL', 'set the id of the channel incidents go to by default (channel details → bottom)');
  const basic = [vars.ALERTMANAGER_USERNAME, vars.ALERTMANAGER_PASSWORD].filter((v) => v !== undefined).length;
  if (basic === 1) {
    problems.push(
      `${vars.ALERTMANAGER_USERNAME === undefined ? 'ALERTMANAGER_USERNAME' : 'ALERTMANAGER_PASSWORD'}: missing; basic auth needs both ALERTMANAGER_USERNAME and ALERTMANAGER_PASSWORD`,
    );
  }
}

function warningsOf(vars: Vars, role: Role, access: AuthorizationPolicy): string[] {
  if (role === 'worker') return [];
  const warnings: string[] = [];
  if (isOpenPolicy(access)) {
    warnings.push(
      'NETCHECK_ALLOWED_USERS and NETCHECK_ALLOWED_GROUPS are empty: everyone in the workspace may run collections',
    );
  }
  if (vars.ALERTMANAGER_TOKEN === undefined && vars.ALERTMANAGER_USERNAME === undefined) {
    warnings.push(
      'neither ALERTMANAGER_TOKEN nor ALERTMANAGER_USERNAME/PASSWORD is set: POST /alertmanager accepts any caller',
    );
  }
  return warnings;
}

/**
 * Reads and validates the settings `role` needs: the worker needs no signing secret or channel; the bot needs a
 * signing secret for HTTP, or SLACK_APP_TOKEN for Socket Mode. Throws a ConfigError listing every problem.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, role: Role = 'all'): Config {
  const raw = setValues(env);
  const parsed = schema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? '?')}: ${issue.message}`);
  requireSet(raw, role, problems);
  const vars: Vars = parsed.success ? parsed.data : {};
  if (problems.length > 0 || !vars.SLACK_BOT_TOKEN || !vars.REDIS_URL) throw new ConfigError(problems);

  const access: AuthorizationPolicy = {
    allowedUsers: vars.NETCHECK_ALLOWED_USERS ?? [],
    allowedGroups: vars.NETCHECK_ALLOWED_GROUPS ?? [],
    allowedChannels: vars.NETCHECK_ALLOWED_CHANNELS ?? [],
  };
  const apiUrl = vars.SLACK_API_URL ?? DEFAULT_SLACK_API_URL;
  return {
    role,
    slack: {
      botToken: vars.SLACK_BOT_TOKEN,
      ...(vars.SLACK_SIGNING_SECRET !== undefined ? { signingSecret: vars.SLACK_SIGNING_SECRET } : {}),
      ...(vars.SLACK_APP_TOKEN !== undefined ? { appToken: vars.SLACK_APP_TOKEN } : {}),
      apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    },
    redis: { url: vars.REDIS_URL, prefix: vars.NETCHECK_REDIS_PREFIX ?? 'netcheck' },
    port: vars.PORT ?? 3000,
    alertmanager: {
      ...(vars.ALERTMANAGER_TOKEN !== undefined ? { token: vars.ALERTMANAGER_TOKEN } : {}),
      ...(vars.ALERTMANAGER_USERNAME !== undefined ? { username: vars.ALERTMANAGER_USERNAME } : {}),
      ...(vars.ALERTMANAGER_PASSWORD !== undefined ? { password: vars.ALERTMANAGER_PASSWORD } : {}),
      ...(vars.ALERTMANAGER_URL !== undefined ? { url: vars.ALERTMANAGER_URL } : {}),
    },
    ...(vars.PROMETHEUS_URL !== undefined ? { prometheusUrl: vars.PROMETHEUS_URL } : {}),
    cluster: vars.NETCHECK_CLUSTER ?? 'kubernetes',
    ...(vars.NETCHECK_CHANNEL !== undefined ? { channel: vars.NETCHECK_CHANNEL } : {}),
    routes: vars.NETCHECK_ROUTES ?? [],
    access,
    exec: {
      mode: vars.NETCHECK_EXEC_MODE ?? 'agent',
      ...(vars.NETCHECK_NAMESPACE !== undefined ? { namespace: vars.NETCHECK_NAMESPACE } : {}),
      ...(vars.KUBECONFIG !== undefined ? { kubeconfig: vars.KUBECONFIG } : {}),
      concurrency: vars.NETCHECK_CONCURRENCY ?? 4,
      sweepConcurrency: vars.NETCHECK_SWEEP_CONCURRENCY ?? 20,
      intervalSeconds: vars.NETCHECK_INTERVAL ?? 5,
      jobDeadlineSeconds: vars.NETCHECK_JOB_DEADLINE ?? 120,
    },
    triage: {
      rules: vars.NETCHECK_TRIAGE_ALERTS ?? defaultTriageRules(),
      debounceSeconds: vars.NETCHECK_TRIAGE_DEBOUNCE ?? 600,
      maxNodes: vars.NETCHECK_TRIAGE_MAX_NODES ?? 5,
    },
    duplicateWindowSeconds: vars.NETCHECK_DUPLICATE_WINDOW ?? 120,
    shutdownTimeoutSeconds: vars.NETCHECK_SHUTDOWN_TIMEOUT ?? 30,
    logLevel: vars.LOG_LEVEL ?? 'info',
    warnings: warningsOf(vars, role, access),
  };
}
