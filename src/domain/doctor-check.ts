// One check of `netcheck doctor`: what was checked, whether it passed, what was seen and, when it failed, the fix.

/** The part of an install a check belongs to, in the order doctor prints them. */
export const DOCTOR_AREAS = ['config', 'slack', 'redis', 'kubernetes', 'alertmanager', 'prometheus'] as const;
export type DoctorArea = (typeof DOCTOR_AREAS)[number];

/** One line of `netcheck doctor`; a public shape in `--json`. */
export interface DoctorCheck {
  area: DoctorArea;
  /** What was checked, e.g. "Redis eviction policy". */
  name: string;
  ok: boolean;
  /** What was seen: a version, a count, the error. */
  detail: string;
  /** What to do, when the check failed. */
  fix?: string;
}

/** A passed check. */
export const passed = (area: DoctorArea, name: string, detail: string): DoctorCheck => ({
  area,
  name,
  ok: true,
  detail,
});

/** A failed check with its fix. */
export const failed = (area: DoctorArea, name: string, detail: string, fix: string): DoctorCheck => ({
  area,
  name,
  ok: false,
  detail,
  fix,
});
