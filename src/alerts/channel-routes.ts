// Which Slack channel an incident goes to, from its labels. Pure.
//
// Syntax of NETCHECK_ROUTES: routes separated by `;`, each `MATCHERS:CHANNEL_ID`, where MATCHERS are label matchers
// joined by `,` (all must match): `name=value`, `name!=value`, `name=~regex`, `name!~regex` (regexes anchored).
// Example: `team=payments:C0PAY;severity=critical,cluster=~prod-.*:C0CRIT`. The first route that matches wins; none
// matching → NETCHECK_CHANNEL. Values may be double-quoted to contain `,` `;` or `:`.
import { type LabelMatcher, matchesAll, parseLabelMatcher, splitOutsideQuotes } from './label-matcher.js';

export interface ChannelRoute {
  matchers: LabelMatcher[];
  channel: string;
  text: string;
}

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

function parseRoute(text: string): ChannelRoute {
  const trimmed = text.trim();
  const parts = splitOutsideQuotes(trimmed, ':');
  const channel = (parts.pop() ?? '').trim();
  if (parts.length === 0 || !CHANNEL_ID.test(channel)) {
    throw new Error(
      `route ${JSON.stringify(trimmed)}: expected MATCHERS:CHANNEL_ID with a Slack channel id such as C0123ABCD`,
    );
  }
  const matcherText = parts.join(':');
  const matchers = splitOutsideQuotes(matcherText, ',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      try {
        return parseLabelMatcher(part);
      } catch (error) {
        throw new Error(`route ${JSON.stringify(trimmed)}: ${(error as Error).message}`);
      }
    });
  if (matchers.length === 0) throw new Error(`route ${JSON.stringify(trimmed)}: no label matcher before the channel`);
  return { matchers, channel, text: trimmed };
}

/** Parses NETCHECK_ROUTES (syntax above); empty → no routes. Throws naming the offending route. */
export function parseChannelRoutes(text: string | undefined): ChannelRoute[] {
  return splitOutsideQuotes((text ?? '').trim(), ';')
    .filter((part) => part.trim() !== '')
    .map((part) => parseRoute(part));
}

/** The channel of the first route whose matchers all match `labels`, else `defaultChannel`. */
export function routeChannel(
  routes: readonly ChannelRoute[],
  labels: Readonly<Record<string, string | undefined>>,
  defaultChannel: string,
): string {
  return routes.find((route) => matchesAll(route.matchers, labels))?.channel ?? defaultChannel;
}
