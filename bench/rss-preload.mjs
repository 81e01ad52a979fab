// Loaded with `node --import ./bench/rss-preload.mjs …`: prints the process's peak RSS at exit.
process.on('exit', () => process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`));
