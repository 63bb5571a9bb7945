/**
 * The business time of a command as ISO-8601 UTC: the time the client gave (already validated
 * as a date-time), or now when the field is optional and absent. The edge reads the clock; the
 * domain never does.
 */
export const businessTime = (given: string | undefined): string =>
  (given === undefined ? new Date() : new Date(given)).toISOString();
