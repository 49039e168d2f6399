// `/netcheck` text → what the user asked for. Pure: node references (names, IPs, `IP:port`) are validated here,
// before anything is queued, and nothing from the text ever becomes a shell string.
import { NodeExecError } from '../exec/node-exec-error.js';
import { parseNodeInput } from '../exec/resolve-node.js';

/** Most nodes one command may name; `/netcheck all` is the way to check more. */
export const MAX_COMMAND_NODES = 20;

/** Longest command text read; Slack allows ~4000 characters, node lists never need that many. */
const MAX_TEXT = 2000;

export type Command =
  | { kind: 'help' }
  | { kind: 'status' }
  /** A sweep of every node, or of the nodes matching a label selector. */
  | { kind: 'all'; selector?: string }
  | { kind: 'nodes'; nodes: string[] }
  /** A usage error: `message` says what is wrong, `hint` how to say it. */
  | { kind: 'error'; message: string; hint: string };

const USAGE = 'Usage: `/netcheck NODE [NODE...]`, `/netcheck all [SELECTOR]`, `/netcheck status` or `/netcheck help`.';

/** Characters that mean someone typed a shell command, not node names (`!` is left to selectors). */
const SHELL = /[;|&$`\\<>(){}[\]*?'"~#\n\r]/;

/** A Kubernetes label selector of equality / existence terms: `role=worker,zone!=a,!spot,gpu`. */
const SELECTOR_TERM =
  /^!?[A-Za-z0-9]([A-Za-z0-9._/-]{0,316}[A-Za-z0-9])?((==?|!=)[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;

/** Slack sends `&`, `<` and `>` in command text escaped; undo that before reading the words. */
function unescapeSlack(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

function error(message: string, hint = USAGE): Command {
  return { kind: 'error', message, hint };
}

function parseSelector(words: readonly string[]): Command {
  if (words.length === 0) return { kind: 'all' };
  const selector = words.join('');
  const terms = selector.split(',');
  if (words.length > 1 || terms.some((term) => !SELECTOR_TERM.test(term))) {
    return error(
      `${JSON.stringify(shorten(words.join(' ')))} is not a label selector netcheck understands`,
      'Give one selector of key=value, key!=value, key or !key terms separated by commas, e.g. `/netcheck all node-role.kubernetes.io/worker,zone=a`.',
    );
  }
  return { kind: 'all', selector };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Reads the text after `/netcheck`: nothing or `help`, `status`, `all [SELECTOR]`, or nodes (names, IPs or the
 * `IP:port` of an alert's instance label) separated by spaces or commas (duplicates dropped, at most
 * MAX_COMMAND_NODES). Shell-looking input and invalid names give an `error` that says why and how to ask.
 */
export function parseCommand(text: string): Command {
  if (text.length > MAX_TEXT) return error(`the command is too long (${text.length} characters)`);
  const clean = unescapeSlack(text).trim();
  if (SHELL.test(clean)) {
    return error(
      'netcheck takes node names, not shell commands or options',
      `Name the nodes as \`kubectl get nodes\` prints them, e.g. \`/netcheck node-7 node-8\`. ${USAGE}`,
    );
  }
  const words = clean.split(/[\s,]+/).filter((word) => word !== '');
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'help' };
  const verb = first.toLowerCase();
  if (verb === 'help' || verb === '-h' || verb === '--help') {
    return rest.length === 0 ? { kind: 'help' } : error('`help` takes no arguments');
  }
  if (verb === 'status') return rest.length === 0 ? { kind: 'status' } : error('`status` takes no arguments');
  if (verb === 'all') return parseSelector(clean.split(/\s+/).slice(1));
  if (first.startsWith('-')) return error(`unknown option ${JSON.stringify(shorten(first))}`);
  const nodes = [...new Set(words)];
  if (nodes.length > MAX_COMMAND_NODES) {
    return error(
      `${nodes.length} nodes named; one command checks at most ${MAX_COMMAND_NODES}`,
      'Use `/netcheck all` (or `/netcheck all SELECTOR`) to check many nodes at once: it ranks them for hotspots.',
    );
  }
  for (const node of nodes) {
    try {
      parseNodeInput(node); // the worker finds the node (src/exec/node-subject.ts)
    } catch (caught) {
      if (caught instanceof NodeExecError) return error(caught.message, caught.hint);
      throw caught;
    }
  }
  return { kind: 'nodes', nodes };
}
