import { describe, expect, it } from 'vitest';
import { authorize, isOpenPolicy } from '../../../src/chatops/authorize.js';
import { MAX_COMMAND_NODES, parseCommand } from '../../../src/chatops/parse-command.js';

describe('parseCommand', () => {
  it('reads help, status, all and node lists', () => {
    expect(parseCommand('')).toEqual({ kind: 'help' });
    expect(parseCommand('  HELP ')).toEqual({ kind: 'help' });
    expect(parseCommand('status')).toEqual({ kind: 'status' });
    expect(parseCommand('all')).toEqual({ kind: 'all' });
    expect(parseCommand('all node-role.kubernetes.io/worker,zone=eu-1a,!spot')).toEqual({
      kind: 'all',
      selector: 'node-role.kubernetes.io/worker,zone=eu-1a,!spot',
    });
    expect(parseCommand('node-7 node-8,node-7  ip-10-0-1-5.ec2.internal')).toEqual({
      kind: 'nodes',
      nodes: ['node-7', 'node-8', 'ip-10-0-1-5.ec2.internal'],
    });
    // An alert's instance label as it is: the worker finds the node by its address.
    expect(parseCommand('10.0.3.7:9100 fd00::7')).toEqual({ kind: 'nodes', nodes: ['10.0.3.7:9100', 'fd00::7'] });
  });

  it('refuses shell-looking input, even when Slack escaped it', () => {
    for (const text of ['node-7; rm -rf /', 'node-7 &amp;&amp; id', '$(id)', '`id`', 'node-7 | sh', 'a &gt; /etc/x']) {
      const command = parseCommand(text);
      expect(command.kind, text).toBe('error');
      if (command.kind === 'error') expect(command.message).toContain('node names, not shell commands');
    }
  });

  it('says why a node name is invalid and how to fix it', () => {
    const command = parseCommand('Node-7');
    expect(command).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('"Node-7" is not a valid node name'),
    });
    if (command.kind === 'error') expect(command.hint).toContain('try node-7');
    expect(parseCommand('--force node-7')).toMatchObject({ kind: 'error', message: 'unknown option "--force"' });
    expect(parseCommand('status now')).toMatchObject({ kind: 'error' });
    expect(parseCommand('all zone=a zone=b')).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('label selector'),
    });
  });

  it('caps the number of nodes after dropping duplicates', () => {
    const many = Array.from({ length: MAX_COMMAND_NODES }, (_, i) => `node-${i}`);
    expect(parseCommand([...many, ...many].join(' '))).toMatchObject({ kind: 'nodes', nodes: many });
    const command = parseCommand([...many, 'node-x'].join(' '));
    expect(command).toMatchObject({ kind: 'error', hint: expect.stringContaining('/netcheck all') });
    expect(parseCommand('x'.repeat(5000))).toMatchObject({ kind: 'error' });
  });
});

describe('authorize', () => {
  const none = { allowedUsers: [], allowedGroups: [], allowedChannels: [] };
  it('lets everyone in when no users or groups are listed', () => {
    expect(isOpenPolicy(none)).toBe(true);
    expect(authorize({ user: 'U1', channel: 'C1', userGroups: [] }, none)).toEqual({ allowed: true });
  });

  it('allows listed users and members of listed groups, refuses others with a reason', () => {
    const policy = { ...none, allowedUsers: ['U1'], allowedGroups: ['S9'] };
    expect(isOpenPolicy(policy)).toBe(false);
    expect(authorize({ user: 'U1', channel: 'C1', userGroups: [] }, policy)).toEqual({ allowed: true });
    expect(authorize({ user: 'U2', channel: 'C1', userGroups: ['S9'] }, policy)).toEqual({ allowed: true });
    const refused = authorize({ user: 'U2', channel: 'C1', userGroups: ['S8'] }, policy);
    expect(refused).toMatchObject({ allowed: false, reason: expect.stringContaining('NETCHECK_ALLOWED_USERS') });
    if (!refused.allowed) {
      expect(refused.reason).toContain('S9');
      expect(refused.reason).not.toContain('<!');
    }
  });

  it('refuses a channel that is not listed, even for an allowed user', () => {
    const policy = { ...none, allowedUsers: ['U1'], allowedChannels: ['C0OPS'] };
    expect(authorize({ user: 'U1', channel: 'C0OPS', userGroups: [] }, policy)).toEqual({ allowed: true });
    expect(authorize({ user: 'U1', channel: 'C0RANDOM', userGroups: [] }, policy)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('NETCHECK_ALLOWED_CHANNELS'),
    });
  });
});
