import type { Money } from '@crm/events';

/** A quantity at one unit price. */
export interface PricedQuantity {
  quantity: number;
  unitPrice: Money;
}

/** Integer cents as canonical Money ("1234" cents → "12.34"). */
export const centsToMoney = (cents: bigint): Money => {
  if (cents < 0n) throw new RangeError(`negative amount: ${cents} cents`);
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
};

/**
 * `quantity` units that cost exactly `totalCents` together, as at most two unit prices one cent
 * apart. With p = ⌊total / quantity⌋ and r = total mod quantity: (quantity − r) units at p and r
 * units at p + 0.01, so the sum is quantity·p + r = total exactly, the total quantity is
 * unchanged, and every unit price is the average rounded down or up to the cent. One line when
 * the total divides evenly (r = 0).
 */
export const exactUnitPrices = (quantity: number, totalCents: bigint): PricedQuantity[] => {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`quantity ${quantity}`);
  if (totalCents < 0n) throw new RangeError(`negative amount: ${totalCents} cents`);
  const units = BigInt(quantity);
  const low = totalCents / units;
  const remainder = Number(totalCents % units);
  if (remainder === 0) return [{ quantity, unitPrice: centsToMoney(low) }];
  return [
    { quantity: quantity - remainder, unitPrice: centsToMoney(low) },
    { quantity: remainder, unitPrice: centsToMoney(low + 1n) },
  ];
};
