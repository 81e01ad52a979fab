/**
 * The report JSON's version, apart from its schema (types.ts): the CLI writes reports without ever
 * validating one, and importing the schema would build its 60-odd zod types on every start.
 */
export const REPORT_VERSION = 1;
