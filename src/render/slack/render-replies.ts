// Short replies: help, status and the ephemeral acknowledgements of commands and buttons (where results will
// appear, why a request was refused, how to use the command). Pure.
import type { Incident } from '../../incident/incident.js';
import { SLASH_COMMAND } from './action-ids.js';
import { fitBudget } from './block-budget.js';
import { type Block, context, fields, header, section } from './blocks.js';
import { fallbackText } from './fallback-text.js';
import { channelLink, escapeMrkdwn, inlineCode } from './mrkdwn.js';
import { nodeList } from './render-root-message.js';
import type { SlackMessage } from './slack-message.js';
import { truncatePlain } from './truncate.js';
import { utcTime } from './utc-time.js';

function reply(text: string, blocks: Block[]): SlackMessage {
  return { text: fallbackText(text), blocks: fitBudget(blocks, { items: { start: 0, end: 0 } }) };
}

/** `/netcheck help`. */
export function renderHelp(): SlackMessage {
  const c = SLASH_COMMAND;
  return reply(`${c}: check Kubernetes node networking`, [
    section(
      [
        `*${c} NODE [NODE…]*: collect from the nodes and diagnose them (conntrack, SNAT races, DNS, iptables, MTU, routes)`,
        `*${c} all*: check every node and show the hotspot table`,
        `*${c} status*: the queue and the latest incidents`,
        `*${c} help*: this message`,
      ].join('\n'),
    ),
    section(
      'Results go to the node’s open incident thread when there is one, else to a new thread. On any message with pasted command output, use the *Analyze with netcheck* shortcut (the ⋮ menu).',
    ),
  ]);
}

export interface StatusInput {
  counts: Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>;
  recent: readonly Incident[];
  cluster: string;
}

/** `/netcheck status`: queue depth and the latest incidents. */
export function renderStatus(input: StatusInput): SlackMessage {
  const { counts } = input;
  const blocks: Block[] = [
    header(`netcheck status: ${input.cluster}`),
    fields([
      `*Waiting*\n${counts.waiting}`,
      `*Running*\n${counts.active}`,
      `*Delayed*\n${counts.delayed}`,
      `*Failed*\n${counts.failed}`,
      `*Completed*\n${counts.completed}`,
    ]),
  ];
  if (input.recent.length === 0) {
    blocks.push(context('No incident yet.'));
  } else {
    const lines = input.recent.slice(0, 10).map((incident) => {
      const emoji =
        incident.status === 'resolved' ? ':white_check_mark:' : incident.source === 'manual' ? ':mag:' : ':red_circle:';
      return `• ${emoji} ${escapeMrkdwn(truncatePlain(incident.title, 120))} · ${nodeList(incident.nodes, 3)} · ${channelLink(incident.channel)} · ${utcTime(incident.updatedAt)} UTC`;
    });
    blocks.push(section(`*Latest incidents*\n${lines.join('\n')}`));
  }
  const total = counts.waiting + counts.active + counts.delayed;
  return reply(`netcheck ${input.cluster}: ${total} collection${total === 1 ? '' : 's'} queued or running`, blocks);
}

export interface QueuedReplyInput {
  nodes: readonly string[];
  channel: string;
  threadTs?: string;
  /** The node's open incident, whose thread gets the results. */
  existingIncident?: Incident;
  /** A sweep of every node. */
  all?: boolean;
}

/** The ack of a collection request: what was queued and where the results will appear. */
export function queuedReply(input: QueuedReplyInput): SlackMessage {
  const what = input.all ? 'a check of all nodes' : `a check of ${nodeList(input.nodes)}`;
  const where = input.existingIncident
    ? `in the thread of the open incident *${escapeMrkdwn(truncatePlain(input.existingIncident.title, 120))}* in ${channelLink(input.existingIncident.channel)}`
    : input.threadTs
      ? `in this thread in ${channelLink(input.channel)}`
      : `in a new thread in ${channelLink(input.channel)}`;
  const raw = input.all ? 'all nodes' : input.nodes.join(', ');
  return reply(`Queued a check of ${raw}`, [section(`:inbox_tray: Queued ${what}. Results will appear ${where}.`)]);
}

/** Why a request was refused (never silence). */
export function refusedReply(reason: string): SlackMessage {
  return reply(`netcheck refused: ${reason}`, [section(`:no_entry: ${escapeMrkdwn(reason)}`)]);
}

/** A command that could not be parsed: the error and how to use the command. */
export function usageReply(error: string): SlackMessage {
  const c = SLASH_COMMAND;
  return reply(`${c}: ${error}`, [
    section(`:warning: ${escapeMrkdwn(error)}`),
    context(
      `Usage: ${inlineCode(`${c} NODE [NODE…]`)} · ${inlineCode(`${c} all`)} · ${inlineCode(`${c} status`)} · ${inlineCode(`${c} help`)}`,
    ),
  ]);
}

/** Something went wrong on netcheck's side. */
export function failedReply(message: string): SlackMessage {
  return reply(`netcheck failed: ${message}`, [section(`:x: ${escapeMrkdwn(message)}`)]);
}
