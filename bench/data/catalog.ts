import { Prng } from './prng';

export const REGIONS = [
  'east',
  'north',
  'south',
  'west',
  'central',
  'northeast',
  'southwest',
  'northwest',
] as const;
export const CATEGORIES = [
  'televisions',
  'audio',
  'refrigerators',
  'washing-machines',
  'air-conditioners',
  'small-appliances',
  'mobile',
  'accessories',
] as const;
export const BRANDS = [
  'Lumina',
  'Haier',
  'Midea',
  'Gree',
  'Hisense',
  'TCL',
  'Konka',
  'Skyworth',
  'Changhong',
  'Panda',
] as const;
export const INDUSTRIES = [
  'retail',
  'hospitality',
  'education',
  'healthcare',
  'construction',
  'government',
  'logistics',
];
export const ACTIVITIES = [
  'product demo',
  'price negotiation',
  'complaint handling',
  'training',
  'relationship',
  'delivery check',
];
export const COMPETITORS = ['Sony', 'Samsung', 'LG', 'Philips', 'Panasonic'];

export interface Sku {
  sku: string;
  category: string;
  brand: string;
  /** List price in cents. */
  listCents: number;
  /** Unit cost in cents. */
  costCents: number;
}

/** A fixed catalogue of 400 SKUs over 8 categories and 10 brands, prices from 20 to 12,000. */
export function buildCatalog(seed = 7): Sku[] {
  const rnd = new Prng(seed);
  const skus: Sku[] = [];
  for (let i = 0; i < 400; i++) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const brand = BRANDS[rnd.int(0, BRANDS.length - 1)]!;
    // Log-uniform list price between 20.00 and 12,000.00.
    const listCents = Math.round(Math.exp(Math.log(2_000) + rnd.next() * Math.log(600)) / 100) * 100 - 1;
    const costCents = Math.round(listCents * (0.55 + rnd.next() * 0.25));
    skus.push({
      sku: `${category.slice(0, 3).toUpperCase()}-${brand.slice(0, 3).toUpperCase()}-${1000 + i}`,
      category,
      brand,
      listCents,
      costCents,
    });
  }
  return skus;
}

/** Cents as Money ("1234.50"). */
export const money = (cents: number): string =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
