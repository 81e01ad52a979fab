/** Progress for long scans: a redrawn bar on a TTY, a plain line every few seconds in CI. */

export type ProgressMode = 'tty' | 'lines' | 'off';

export function progressMode(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): ProgressMode {
  if (stream.isTTY && !env.CI) return 'tty';
  return 'lines';
}

export function makeProgress(mode: ProgressMode, label: string, stream: NodeJS.WritableStream = process.stderr, everyMs = 5000) {
  let last = 0;
  let drawn = false;
  const started = Date.now();
  return {
    update(done: number, total: number) {
      if (mode === 'off' || total === 0) return;
      const now = Date.now();
      if (mode === 'tty') {
        if (now - last < 100 && done < total) return;
        last = now;
        const width = 30;
        const filled = Math.round((done / total) * width);
        const rate = done / Math.max(0.001, (now - started) / 1000);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(0)}/s `);
        drawn = true;
      } else if (now - last >= everyMs || done === total) {
        if (last === 0 && done < total) {
          last = now;
          return;
        }
        last = now;
        stream.write(`${label}: ${done}/${total} (${Math.round((done / total) * 100)}%)\n`);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
