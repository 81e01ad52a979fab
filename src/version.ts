/** Tool version, stamped into reports and cache keys. Kept in sync with package.json by a test. */
export const TOOL_VERSION = '0.1.0';
