import { centsToMoney, exactUnitPrices } from './exact-order-lines';

const toCents = (money: string): bigint => {
  const [whole, fraction] = money.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction!);
};

describe('exact unit prices', () => {
  it('formats integer cents as canonical money', () => {
    expect(centsToMoney(0n)).toBe('0.00');
    expect(centsToMoney(7n)).toBe('0.07');
    expect(centsToMoney(1177n)).toBe('11.77');
    expect(centsToMoney(123456789012345n)).toBe('1234567890123.45');
  });

  it('uses one line when the value divides evenly by the quantity', () => {
    expect(exactUnitPrices(5, 7700n)).toEqual([{ quantity: 5, unitPrice: '15.40' }]);
    expect(exactUnitPrices(3, 0n)).toEqual([{ quantity: 3, unitPrice: '0.00' }]);
  });

  it('splits into two prices one cent apart when it does not', () => {
    // 20.76 / 3 = 6.92 exactly; 11.77 / 2 = 5.885 → 1 × 5.88 + 1 × 5.89
    expect(exactUnitPrices(3, 2076n)).toEqual([{ quantity: 3, unitPrice: '6.92' }]);
    expect(exactUnitPrices(2, 1177n)).toEqual([
      { quantity: 1, unitPrice: '5.88' },
      { quantity: 1, unitPrice: '5.89' },
    ]);
    // 0.02 for 3 CDs: 1 × 0.00 + 2 × 0.01
    expect(exactUnitPrices(3, 2n)).toEqual([
      { quantity: 1, unitPrice: '0.00' },
      { quantity: 2, unitPrice: '0.01' },
    ]);
  });

  it('keeps the total quantity and the total value exactly, for every value and quantity tried', () => {
    const wrong: string[] = [];
    for (let quantity = 1; quantity <= 40; quantity++) {
      for (let cents = 0n; cents <= 3000n; cents += 7n) {
        const lines = exactUnitPrices(quantity, cents);
        const units = lines.reduce((sum, l) => sum + l.quantity, 0);
        const total = lines.reduce((sum, l) => sum + BigInt(l.quantity) * toCents(l.unitPrice), 0n);
        if (units !== quantity || total !== cents || lines.some((l) => l.quantity < 1)) {
          wrong.push(`${quantity} × ${cents}: ${JSON.stringify(lines)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a quantity below one and a negative value', () => {
    expect(() => exactUnitPrices(0, 100n)).toThrow(RangeError);
    expect(() => exactUnitPrices(1, -1n)).toThrow(RangeError);
  });
});
