// Reads the items one parser produced out of a report, typed by that parser's value.
import type { Item, Report } from '../domain/report.js';
import type { Parser } from './parser.js';

/** The report's items produced by one parser, typed by that parser's value. */
export function itemsOf<T>(report: Report, parser: Parser<T>): Item<T>[] {
  return report.items.filter((item) => item.kind === parser.kind) as Item<T>[];
}
