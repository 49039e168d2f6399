// Cilium drop reason names: codes and printed names from Cilium's table, old names, flow enum names, unknown codes.
import { describe, expect, it } from 'vitest';
import { isExpectedDrop, isPolicyDrop, reasonOfCode, reasonOfText } from '../../../../src/parse/cilium/drop-reasons.js';

describe('Cilium drop reasons', () => {
  it('names codes from the table and leaves the others unknown, never guessed', () => {
    expect(reasonOfCode(155)).toEqual({ name: 'CT: Map insertion failed', code: 155, known: true });
    expect(reasonOfCode(14)).toEqual({ name: 'unknown drop reason code 14', code: 14, known: false });
    // `reason="14"` in cilium_drop_count_total (https://github.com/cilium/cilium/issues/8077).
    expect(reasonOfText('14')).toMatchObject({ code: 14, known: false });
    expect(reasonOfText('199, 0')).toMatchObject({ code: 199, known: false });
  });

  it("maps old names and flow enum names to today's names", () => {
    expect(reasonOfText('Policy denied (L3)')).toMatchObject({ name: 'Policy denied', code: 133 });
    expect(reasonOfText('Not a local target address')).toMatchObject({ name: 'Stale or unroutable IP' });
    expect(reasonOfText('POLICY_DENY')).toMatchObject({ name: 'Policy denied by denylist', code: 181 });
    expect(reasonOfText('CT_MAP_INSERTION_FAILED')).toMatchObject({ name: 'CT: Map insertion failed', code: 155 });
    expect(reasonOfText('DROP_REASON_UNKNOWN')).toMatchObject({ known: false });
  });

  it('tells policy denials and the reasons healthy clusters show from the others', () => {
    expect(isPolicyDrop(reasonOfCode(181))).toBe(true);
    expect(isExpectedDrop(reasonOfText('Unsupported L3 protocol'))).toBe(true);
    expect(isExpectedDrop(reasonOfText('Missed tail call'))).toBe(false);
  });
});
