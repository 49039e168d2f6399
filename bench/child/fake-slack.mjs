// The intake benchmark's Slack: the tests' fake Slack Web API (test/support/fake-slack.ts) in a process of its own,
// so the bot role under load posts to a real HTTP server. Run with `node --import tsx`; prints one JSON line
// ({ apiUrl, token }) once listening and runs until killed.
const { startFakeSlack } = await import('../../test/support/fake-slack.ts');
const slack = await startFakeSlack();
process.stdout.write(`${JSON.stringify({ apiUrl: slack.apiUrl, token: slack.token })}\n`);
process.on('SIGTERM', () => {
  console.error(JSON.stringify({ calls: slack.calls.length }));
  slack.close().finally(() => process.exit(0));
});
