// The whole command line, parsed by commander; `src/cli.ts` loads it for everything but the plain `analyze` call.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runAnalyze } from './analyze-command.js';
import type { CliIo } from './cli-io.js';
import { runCollect } from './collect-command.js';
import { exitCodeOf } from './exit-code.js';
import { printCollector } from './print-collector.js';

/** Runs the full CLI (every command, help, usage errors) with commander; returns the exit code. */
export async function runProgram(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('netcheck')
    .description('Diagnose Kubernetes node networking: conntrack, SNAT races, DNS stalls, iptables, MTU, routes.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run netcheck --help for usage)');

  program
    .command('analyze')
    .description('analyze a collector report or any pasted command output (FILE, or - for stdin)')
    .argument('[file]', 'file to read; - or nothing reads stdin')
    .option('--json', 'print { "detected": [...], "findings": [...] }')
    .option('--no-color', 'never colour the output')
    .action(async (file: string | undefined, opts: { json?: boolean; color?: boolean }) => {
      exitCode = await runAnalyze(file, opts, io);
    });

  program
    .command('collect')
    .description(
      'run the collector and analyze its report: on cluster nodes (NODE..., --all, --selector) or on this machine (--local)',
    )
    .argument('[nodes...]', "node names, node IP addresses or host:port (an alert's instance label)")
    .option('--local', 'run the collector on this machine (as root)')
    .option('--all', 'every node of the cluster: a sweep ranked for hotspots')
    .option('-l, --selector <selector>', 'the nodes matching a label selector (a sweep)')
    .addOption(new Option('--mode <mode>', 'how to reach the node').choices(['agent', 'debug-pod']).default('agent'))
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)')
    .option('--context <context>', 'kubeconfig context to use')
    .option('-n, --namespace <namespace>', "netcheck's namespace (agent and debug pods)")
    .option('--concurrency <n>', 'nodes collected at once', whole(1, 500), 20)
    .option('--interval <seconds>', 'seconds between the two counter samples', seconds(1, 60), 5)
    .option('--deadline <seconds>', 'deadline for the collection on each node', seconds(5, 600), 60)
    .option('--timeout <seconds>', 'give a node up after this long (default: the deadline + 60)', seconds(1, 3600))
    .option('--limit <rows>', 'node rows in the hotspot table', whole(1, 100000), 15)
    .option('--prometheus <url>', 'cross-check one node with Prometheus (default: $PROMETHEUS_URL)')
    .option(
      '--json',
      'print JSON: { node, detected, findings } for one node, { nodes, hotspots, findings } for several',
    )
    .option('--no-color', 'never colour the output')
    .addHelpText(
      'after',
      '\nExit status: 0 collected, 1 nothing collected, 2 usage error, 3 some nodes collected and some failed.',
    )
    .action(async (nodes: string[], opts: Parameters<typeof runCollect>[1]) => {
      exitCode = await runCollect(nodes, opts, io);
    });

  program
    .command('collector')
    .description('print the collection script: netcheck collector | ssh NODE sudo sh > report.txt')
    .action(() => {
      exitCode = printCollector(io);
    });

  program
    .command('serve')
    .description(
      'run the Slack bot and/or the collection worker (settings from the environment: see docs/slack-bot.md)',
    )
    .addOption(
      new Option('--role <role>', 'which part runs in this process').choices(['all', 'bot', 'worker']).default('all'),
    )
    .action(async (opts: { role: 'all' | 'bot' | 'worker' }) => {
      // Loaded only here: Bolt, BullMQ and ioredis would slow every other command's start-up.
      const { runServe } = await import('./serve-command.js');
      exitCode = await runServe(opts, io);
    });

  program
    .command('doctor')
    .description('check an install: configuration, Slack, Redis, Kubernetes RBAC and agent, Alertmanager, Prometheus')
    .addOption(
      new Option('--role <role>', 'check the settings of this role').choices(['all', 'bot', 'worker']).default('all'),
    )
    .option('--json', 'print the checks as JSON')
    .action(async (opts: { role: 'all' | 'bot' | 'worker'; json?: boolean }) => {
      const { doctorCommand } = await import('./doctor-command.js');
      exitCode = await doctorCommand(opts, io);
    });

  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    return exitCodeOf(error, io);
  }
}

function seconds(min: number, max: number): (value: string) => number {
  return whole(min, max, 'whole seconds');
}

function whole(min: number, max: number, what = 'a whole number'): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`expected ${what} from ${min} to ${max}`);
    }
    return Number(value);
  };
}
