import { DEMO_CATEGORIES, PRODUCTS_PER_CATEGORY } from './demo-catalog.data';
import { generateDemoCatalog } from './demo-catalog.generator';
import { productIdForSlug } from './product-id.policy';

describe('generateDemoCatalog', () => {
  const catalog = generateDemoCatalog();

  it('is the same on every run', () => {
    expect(generateDemoCatalog()).toEqual(catalog);
  });

  it('has about 300 products across 10 categories', () => {
    expect(catalog.categories).toHaveLength(10);
    expect(catalog.products).toHaveLength(DEMO_CATEGORIES.length * PRODUCTS_PER_CATEGORY);
    for (const category of catalog.categories) {
      expect(catalog.products.filter((p) => p.categoryId === category.id)).toHaveLength(PRODUCTS_PER_CATEGORY);
    }
  });

  it('gives every product a distinct slug and an id derived from it', () => {
    expect(new Set(catalog.products.map((p) => p.slug)).size).toBe(catalog.products.length);
    for (const product of catalog.products) {
      expect(product.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(product.id).toBe(productIdForSlug(product.slug));
      expect(product.images).toEqual([`/assets/products/${product.slug}.svg`]);
    }
  });

  it('prices in whole minor units, stocks some products at zero', () => {
    for (const { price, stock } of catalog.products) {
      expect(Number.isInteger(price.amount) && price.amount > 0).toBe(true);
      expect(price.currency).toBe('EUR');
      expect(Number.isInteger(stock) && stock >= 0).toBe(true);
    }
    const outOfStock = catalog.products.filter((p) => p.stock === 0).length;
    expect(outOfStock).toBeGreaterThan(5);
    expect(outOfStock).toBeLessThan(catalog.products.length / 4);
  });

  it('uses attribute names that MongoDB-compatible stores accept as keys and dates in 2025', () => {
    for (const product of catalog.products) {
      expect(Object.keys(product.attributes).length).toBeGreaterThan(1);
      for (const name of Object.keys(product.attributes)) expect(name).not.toMatch(/^\$|\./);
      expect(product.createdAt.getUTCFullYear()).toBe(2025);
    }
  });

  it('keeps a category unchanged when another category is added', () => {
    const kitchenOnly = generateDemoCatalog(DEMO_CATEGORIES.filter((c) => c.category.id === 'kitchen'));
    expect(kitchenOnly.products).toEqual(catalog.products.filter((p) => p.categoryId === 'kitchen'));
  });
});
