// `netcheck doctor`: checks a real install as `serve` would run it, part by part (configuration, Slack, Redis,
// Kubernetes, then Alertmanager and Prometheus when configured), the independent parts at the same time.
import { checkReady } from '../adapters/http/ready-check.js';
import { checkKubernetes } from '../adapters/k8s/cluster-checks.js';
import { checkRedis } from '../adapters/redis/redis-checks.js';
import { checkSlack } from '../adapters/slack/slack-checks.js';
import { type DoctorCheck, failed, passed } from '../domain/doctor-check.js';
import { loadConfig, type Role } from './config.js';
import { ConfigError } from './config-error.js';
import { createLogger } from './logger.js';

/** The checks for the settings in `env`, as `netcheck serve --role <role>` would read them. */
export async function runDoctor(env: NodeJS.ProcessEnv, role: Role = 'all'): Promise<DoctorCheck[]> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env, role);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) =>
      failed('config', problem.split(':')[0] ?? 'setting', problem, 'Fix the variable (README, "Configuration").'),
    );
  }
  const checks: DoctorCheck[] = [passed('config', 'settings', `valid for role ${role}`)];
  for (const warning of config.warnings) checks.push(passed('config', 'note', warning));
  const silent = createLogger({ level: 'silent', secrets: [] });
  const groups = await Promise.all([
    checkSlack(
      {
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        ...(config.slack.appToken !== undefined ? { appToken: config.slack.appToken } : {}),
        ...(config.channel !== undefined ? { channel: config.channel } : {}),
      },
      silent,
    ),
    checkRedis(config.redis.url),
    role === 'bot'
      ? Promise.resolve([])
      : checkKubernetes({
          mode: config.exec.mode,
          env,
          ...(config.exec.kubeconfig !== undefined ? { kubeconfig: config.exec.kubeconfig } : {}),
          ...(config.exec.namespace !== undefined ? { namespace: config.exec.namespace } : {}),
        }),
    config.alertmanager.url !== undefined
      ? checkReady('alertmanager', config.alertmanager.url, 'ALERTMANAGER_URL').then((c) => [c])
      : Promise.resolve([]),
    config.prometheusUrl !== undefined
      ? checkReady('prometheus', config.prometheusUrl, 'PROMETHEUS_URL').then((c) => [c])
      : Promise.resolve([]),
  ]);
  return [...checks, ...groups.flat()];
}
