// `netcheck doctor`'s check of a Prometheus or Alertmanager: GET /-/ready (both serve it) answers 200 in time.
import { type DoctorArea, type DoctorCheck, failed, passed } from '../../domain/doctor-check.js';

/** Whether `baseUrl`/-/ready answers 200 within `timeoutMs`; never throws. `variable` names the setting. */
export async function checkReady(
  area: DoctorArea,
  baseUrl: string,
  variable: string,
  timeoutMs = 5000,
): Promise<DoctorCheck> {
  const url = new URL('-/ready', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const where = `${url.protocol}//${url.host}${url.pathname}`;
  const fix = `Check ${variable} (scheme, host, port and path prefix) and that netcheck may reach it (egress NetworkPolicy).`;
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await answer.body?.cancel();
    return answer.status === 200
      ? passed(area, 'reachable', where)
      : failed(area, 'reachable', `${where} answered ${answer.status}`, fix);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return failed(area, 'reachable', `${where}: ${cause}`, fix);
  }
}
