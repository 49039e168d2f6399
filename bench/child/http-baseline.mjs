// The intake benchmark's floor: a bare node:http server that reads each POST body, parses it as JSON and answers a
// small JSON 200, as the intake does minus everything netcheck adds. Prints its port and CPU time so far (ms) as
// one JSON line; on SIGTERM prints its CPU time again and exits.
import { createServer } from 'node:http';

const answer = JSON.stringify({ status: 'queued', incident: 'inc-0123456789abcdef01234567' });
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': answer.length });
    res.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => {
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ port: server.address().port, cpuMs: (cpu.user + cpu.system) / 1000 }));
});
process.on('SIGTERM', () => {
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }));
  process.exit(0);
});
