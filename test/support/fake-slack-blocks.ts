// Block Kit checks the fake Slack applies to chat.postMessage / chat.update / response_url, with Slack's error codes
// and its `[ERROR] … [json-pointer:…]` messages. Limits: https://api.slack.com/reference/block-kit/blocks.

/** A Block Kit rejection: `error` is the Web API error code, `messages` go into response_metadata.messages. */
export interface BlockRejection {
  error: 'invalid_blocks' | 'invalid_blocks_format' | 'msg_blocks_too_long';
  messages: string[];
}

/** Slack's limits, overridable per fake (the total is undocumented: about 13.2k chars, slackapi/bolt-js#2509). */
export interface BlockLimits {
  maxBlocks: number;
  maxTotalText: number;
}

export const defaultBlockLimits: BlockLimits = { maxBlocks: 50, maxTotalText: 13_200 };

type Json = Record<string, unknown>;

const knownBlocks = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'image',
  'rich_text',
  'markdown',
  'file',
  'input',
  'video',
  'table',
]);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly messages: string[] = [];
  total = 0;

  fail(message: string, pointer: string): undefined {
    this.messages.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
    return undefined;
  }

  maxLength(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max) this.fail(`must be less than ${max + 1} characters`, pointer);
  }

  /** A text object: `{type: plain_text|mrkdwn, text}`; counts toward the message total. */
  text(value: unknown, pointer: string, max: number, onlyPlain = false): undefined {
    if (!isObject(value)) return this.fail('must be an object', pointer);
    const type = value.type;
    if (type !== 'plain_text' && type !== 'mrkdwn') return this.fail('must be a valid enum value', `${pointer}/type`);
    if (onlyPlain && type !== 'plain_text') return this.fail('must be a valid enum value', `${pointer}/type`);
    if (typeof value.text !== 'string') return this.fail('must be a string', `${pointer}/text`);
    if (value.text.length === 0) this.fail('must be more than 0 characters', `${pointer}/text`);
    this.maxLength(value.text, max, `${pointer}/text`);
    this.total += value.text.length;
  }

  element(value: unknown, pointer: string): undefined {
    if (!isObject(value)) return this.fail('must be an object', pointer);
    this.maxLength(value.action_id, 255, `${pointer}/action_id`);
    if (value.type === 'button') {
      this.text(value.text, `${pointer}/text`, 75, true);
      this.maxLength(value.value, 2000, `${pointer}/value`);
      this.maxLength(value.url, 3000, `${pointer}/url`);
      if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
        this.fail('must be a valid enum value', `${pointer}/style`);
      }
    }
  }

  block(block: unknown, index: number): undefined {
    const pointer = `/blocks/${index}`;
    if (!isObject(block)) return this.fail('must be an object', pointer);
    const type = block.type;
    if (typeof type !== 'string' || !knownBlocks.has(type))
      return this.fail('must be a valid enum value', `${pointer}/type`);
    this.maxLength(block.block_id, 255, `${pointer}/block_id`);
    switch (type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined && block.expand === undefined) {
          this.fail('must provide either text or fields', pointer);
          return;
        }
        if (block.text !== undefined) this.text(block.text, `${pointer}/text`, 3000);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields)) return this.fail('must be an array', `${pointer}/fields`);
          if (block.fields.length > 10) this.fail('no more than 10 items allowed', `${pointer}/fields`);
          block.fields.forEach((field, i) => {
            this.text(field, `${pointer}/fields/${i}`, 2000);
          });
        }
        if (block.accessory !== undefined) this.element(block.accessory, `${pointer}/accessory`);
        return;
      }
      case 'header':
        this.text(block.text, `${pointer}/text`, 150, true);
        return;
      case 'context': {
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          this.fail('must provide at least 1 item', `${pointer}/elements`);
          return;
        }
        if (block.elements.length > 10) this.fail('no more than 10 items allowed', `${pointer}/elements`);
        block.elements.forEach((element, i) => {
          if (isObject(element) && element.type === 'image') return;
          this.text(element, `${pointer}/elements/${i}`, 3000);
        });
        return;
      }
      case 'actions': {
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          this.fail('must provide at least 1 item', `${pointer}/elements`);
          return;
        }
        if (block.elements.length > 25) this.fail('no more than 25 items allowed', `${pointer}/elements`);
        block.elements.forEach((element, i) => {
          this.element(element, `${pointer}/elements/${i}`);
        });
        return;
      }
      case 'image': {
        if (typeof block.alt_text !== 'string') return this.fail('must provide alt_text', `${pointer}/alt_text`);
        this.maxLength(block.alt_text, 2000, `${pointer}/alt_text`);
        if (block.image_url === undefined && block.slack_file === undefined) {
          this.fail('must provide either image_url or slack_file', pointer);
        }
        if (block.title !== undefined) this.text(block.title, `${pointer}/title`, 2000, true);
        return;
      }
      case 'markdown': {
        if (typeof block.text !== 'string') return this.fail('must be a string', `${pointer}/text`);
        this.total += block.text.length;
        return;
      }
      case 'rich_text':
        this.total += JSON.stringify(block.elements ?? []).length;
        return;
      default:
        return;
    }
  }
}

/**
 * Validates `blocks` as Slack does: an array of at most 50 known blocks within their per-field limits, and a total
 * amount of text under the (undocumented) message budget. Returns undefined when Slack would accept them.
 */
export function checkBlocks(blocks: unknown, limits: BlockLimits = defaultBlockLimits): BlockRejection | undefined {
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', messages: ['[ERROR] must be an array'] };
  const checker = new Checker();
  if (blocks.length > limits.maxBlocks) {
    checker.fail(`no more than ${limits.maxBlocks} items allowed`, '/blocks');
  }
  blocks.forEach((block, index) => {
    checker.block(block, index);
  });
  if (checker.messages.length > 0) return { error: 'invalid_blocks', messages: checker.messages };
  if (checker.total > limits.maxTotalText) return { error: 'msg_blocks_too_long', messages: [] };
  return undefined;
}

/** Mentions that would notify someone if Slack rendered this text (`<!channel>`, `<@U…>`, `<!subteam^…>`…). */
export function findMentions(text: string): string[] {
  return [...text.matchAll(/<(!channel|!here|!everyone|@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+)(\|[^>]*)?>/g)].map(
    (match) => `<${match[1]}>`,
  );
}

/** Every string in a Block Kit tree that Slack would render as mrkdwn or plain text. */
export function blockTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (isObject(value)) {
      if (typeof value.text === 'string') out.push(value.text);
      for (const [key, item] of Object.entries(value)) if (key !== 'text' || typeof item !== 'string') walk(item);
    }
  };
  walk(blocks);
  return out;
}
