// Copies non-TypeScript assets (the collector script) next to the compiled code.
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist/collector', { recursive: true });
copyFileSync('src/collector/collector.sh', 'dist/collector/collector.sh');
