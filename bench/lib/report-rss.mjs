// Preloaded with `node --import` into a measured process: on exit, writes its peak RSS (KiB) to the file named by
// NETCHECK_BENCH_RSS_FILE, so the benchmark reads the peak of exactly that process.
import { writeFileSync } from 'node:fs';

const file = process.env.NETCHECK_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
