/** Per-check severity overrides and waivers from the config, applied after all checks ran. */
import picomatch from 'picomatch';
import type { QcConfig } from './config/schema.js';
import type { Finding } from './findings.js';

export function applyPolicy(findings: Finding[], cfg: QcConfig): Finding[] {
  const waivers = cfg.waivers.map((w) => ({
    ...w,
    match: w.path ? picomatch(w.path, { dot: true }) : undefined,
  }));
  const out: Finding[] = [];
  for (const f of findings) {
    const override = cfg.severities[f.check] ?? cfg.severities[f.check.split('/')[0] + '/*'];
    if (override === 'off') continue;
    const g: Finding = override ? { ...f, severity: override } : f;
    const w = waivers.find(
      (w) =>
        (!w.fingerprint || w.fingerprint === f.fingerprint) &&
        (!w.check || w.check === f.check) &&
        (!w.match || (f.path !== undefined && w.match(f.path))),
    );
    out.push(w ? { ...g, waived: { reason: w.reason } } : g);
  }
  return out;
}
