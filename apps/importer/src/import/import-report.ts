import type { ImportSummary } from './import-customers';

const n = (value: number): string => value.toLocaleString('en-US');

/** The summary printed at the end of an import. */
export const formatImportReport = (title: string, s: ImportSummary): string =>
  [
    title,
    `  rows read        ${n(s.rowsRead)}`,
    `  customers        ${n(s.customers)} (registered now: ${n(s.customersRegistered)})`,
    `  orders           ${n(s.orders)} (recorded now: ${n(s.ordersRecorded)})`,
    `  refused rows     ${n(s.refused.length)}`,
    `  events appended  ${n(s.eventsAppended)}`,
    `  wall time        ${(s.wallTimeMs / 1000).toFixed(1)} s`,
    `  events/s         ${n(s.eventsPerSecond)}`,
  ].join('\n');
