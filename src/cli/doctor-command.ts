// `netcheck doctor [--json] [--role all|bot|worker]`: one line per check with ✓/✗ and the fix; exit 0 only when
// every check passes (1 otherwise).
import { runDoctor } from '../main/run-doctor.js';
import { renderDoctorJson, renderDoctorText } from '../render/render-doctor.js';
import type { CliIo } from './cli-io.js';

export async function doctorCommand(options: { json?: boolean; role: 'all' | 'bot' | 'worker' }, io: CliIo) {
  const checks = await runDoctor(io.env, options.role);
  io.stdout.write(options.json ? renderDoctorJson(checks) : renderDoctorText(checks));
  return checks.every((c) => c.ok) ? 0 : 1;
}
