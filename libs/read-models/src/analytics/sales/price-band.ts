/**
 * Price bands of the sales cube, by unit selling price (lower bound inclusive, upper exclusive):
 * under 20, 20 to under 100, 100 to under 500, 500 and more.
 */
export const PRICE_BANDS = [
  { label: '<20', below: '20' },
  { label: '20-100', below: '100' },
  { label: '100-500', below: '500' },
  { label: '>=500', below: null },
] as const;

export type PriceBand = (typeof PRICE_BANDS)[number]['label'];

/** The SQL CASE that assigns a unit price (a numeric expression) to its band; built from constants only. */
export const priceBandSql = (unitPrice: string): string =>
  `CASE ${PRICE_BANDS.filter((b) => b.below !== null)
    .map((b) => `WHEN ${unitPrice} < ${b.below} THEN '${b.label}'`)
    .join(' ')} ELSE '${PRICE_BANDS[PRICE_BANDS.length - 1]!.label}' END`;
