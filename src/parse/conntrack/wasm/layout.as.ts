// The memory layout shared with JavaScript (src/parse/conntrack/conntrack-wasm-scanner.ts checks every value at
// start-up): one record per line JavaScript must see, and the tally of a call.

/** Bytes per record; the fields are i32 at the offsets below (TIMEOUT is an f64). */
export const RECORD_BYTES: i32 = 72;
export const R_START: i32 = 0;
/** The line's newline. */
export const R_END: i32 = 4;
/** 1: a common entry, fields below set; 0: any other line (fields unset). */
export const R_COMMON: i32 = 8;
/** PROTO_*: 1 tcp, 2 udp, 3 icmp, 4 icmpv6. */
export const R_PROTO: i32 = 12;
/** Index in TCP_STATES (conntrack-tcp-states.ts), -1 when the line names no state. */
export const R_STATE: i32 = 16;
export const R_DST: i32 = 20;
export const R_DST_END: i32 = 24;
export const R_DPORT: i32 = 28;
export const R_REPLY: i32 = 32;
export const R_REPLY_END: i32 = 36;
export const R_SPORT: i32 = 40;
/** FLAG_* bits. */
export const R_FLAGS: i32 = 44;
/** With FLAG_DNAT and a top list taking the pair: the pair's hash, as conntrack-list-breakdown.ts computes it. */
export const R_HASH: i32 = 48;
export const R_TIMEOUT: i32 = 56;
/** With FLAG_TAKE_A on a sampled list: the pair's estimated count after this entry (FLAG_TAKE_B: R_ESTIMATE_B). */
export const R_ESTIMATE_A: i32 = 64;
export const R_ESTIMATE_B: i32 = 68;

export const FLAG_UNREPLIED: i32 = 1;
export const FLAG_ASSURED: i32 = 2;
/** The original destination is not the reply source (address or port). */
export const FLAG_DNAT: i32 = 4;


/** Record flags set here: the top lists take this pair (sampled lists only; a list that counts all takes all). */
export const FLAG_TAKE_A: i32 = 8;
export const FLAG_TAKE_B: i32 = 16;

// The tally a call leaves (and the top lists' sampling it reads), u32 at these offsets of the block at `tally`.
/** Common entries read (recorded or only counted). */
export const T_LINES: i32 = 0;
/** Where the first line not read begins (a line that is not common is recorded, not read). */
export const T_NEXT: i32 = 4;
export const T_TCP: i32 = 8;
export const T_UDP: i32 = 12;
export const T_UNREPLIED: i32 = 16;
export const T_ASSURED: i32 = 20;
export const T_UDP_UNREPLIED: i32 = 24;
/** Entries whose timeout is at least T_LONG_MIN. */
export const T_LONG: i32 = 28;
export const T_DNAT: i32 = 32;
/** In: the smallest long timeout. */
export const T_LONG_MIN: i32 = 36;
/**
 * In: 1 when the DNAT top list samples and estimates (one pair in T_STRIDE, counted in its sketch at T_A_ROWS), 0 when
 * it counts every pair exactly (then all are recorded). A sampled pair is recorded only when its estimate passes
 * T_A_FLOOR, the smallest count among the named pairs (which only grows).
 */
export const T_A_SAMPLED: i32 = 40;
/** In and out: the DNAT top list's position in its stride (top-counter.ts `take`). */
export const T_A_TURN: i32 = 44;
/** The same for the top list of UDP `[UNREPLIED]` DNAT pairs. */
export const T_B_SAMPLED: i32 = 48;
export const T_B_TURN: i32 = 52;
export const T_STRIDE: i32 = 56;
/** In: the sampled lists' sketches (two rows of 2^16 u32 each) and floors. */
export const T_A_ROWS: i32 = 128;
export const T_B_ROWS: i32 = 132;
export const T_A_FLOOR: i32 = 136;
export const T_B_FLOOR: i32 = 140;
/** ICMP entries (`icmp`). */
export const T_ICMP: i32 = 60;
/** ICMPv6 entries (`icmpv6`). */
export const T_ICMPV6: i32 = 116;
/** 1 when this call's first ICMP-family entry was `icmpv6` (the general scanner names protocols as they come). */
export const T_ICMPV6_FIRST: i32 = 120;
/** f64: the largest timeout. */
export const T_MAX_TIMEOUT: i32 = 64;
/** u32 × 11: TCP entries by state index (TCP_STATES; NONE for a line without a state). */
export const T_STATES: i32 = 72;
/** The end of the outputs zeroed at each call, from T_MAX_TIMEOUT. */
export const T_OUT_END: i32 = 124;
export const TALLY_BYTES: i32 = 144;

export const NONE_STATE: i32 = 10;

/** R_PROTO values. */
export const PROTO_TCP: i32 = 1;
export const PROTO_UDP: i32 = 2;
export const PROTO_ICMP: i32 = 3;
export const PROTO_ICMPV6: i32 = 4;
