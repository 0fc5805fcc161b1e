import { CatalogCategory, CatalogProduct } from './catalog-product.model';
import { CategoryBlueprint, DEMO_CATEGORIES, DEMO_CURRENCY, PRODUCTS_PER_CATEGORY } from './demo-catalog.data';
import { productIdForSlug, slugify } from './product-id.policy';
import { hashString, SeededRandom } from './seeded-random.util';

export interface DemoCatalog {
  categories: CatalogCategory[];
  products: CatalogProduct[];
}

const CATALOG_EPOCH = Date.UTC(2025, 0, 1);
const MINUTES_PER_YEAR = 365 * 24 * 60;
const OUT_OF_STOCK_RATE = 0.1;

export function productImagePath(slug: string): string {
  return `/assets/products/${slug}.svg`;
}

/**
 * The demo store: the same products, ids, prices and dates on every run and every machine.
 * Each category draws from its own seed, so adding a category leaves the others unchanged.
 */
export function generateDemoCatalog(blueprints: readonly CategoryBlueprint[] = DEMO_CATEGORIES): DemoCatalog {
  return {
    categories: blueprints.map(({ category }) => ({ ...category })),
    products: blueprints.flatMap((blueprint) => generateCategoryProducts(blueprint)),
  };
}

function generateCategoryProducts(blueprint: CategoryBlueprint): CatalogProduct[] {
  const random = new SeededRandom(hashString(blueprint.category.id));
  const products = new Map<string, CatalogProduct>();
  for (let attempt = 0; products.size < PRODUCTS_PER_CATEGORY; attempt++) {
    if (attempt > PRODUCTS_PER_CATEGORY * 50) throw new Error(`Blueprint ${blueprint.category.id} cannot make ${PRODUCTS_PER_CATEGORY} distinct products`);
    const product = generateProduct(blueprint, random);
    if (!products.has(product.slug)) products.set(product.slug, product);
  }
  return [...products.values()];
}

function generateProduct(blueprint: CategoryBlueprint, random: SeededRandom): CatalogProduct {
  const brand = random.pick(blueprint.brands);
  const qualifier = random.pick(blueprint.qualifiers);
  const item = random.pick(blueprint.items);
  const name = blueprint.namePattern.replace('{brand}', brand).replace('{qualifier}', qualifier).replace('{noun}', item.noun);
  const byline = blueprint.namePattern.includes('{brand}') ? '' : `By ${brand}. `;
  const slug = slugify(blueprint.namePattern.includes('{brand}') ? name : `${name} ${brand}`);
  const attributes: Record<string, string> = { [blueprint.brandAttribute ?? 'Brand']: brand };
  for (const [attribute, values] of Object.entries(blueprint.attributes)) attributes[attribute] = random.pick(values);
  return {
    id: productIdForSlug(slug),
    slug,
    name,
    description: `${byline}${item.blurb} ${random.pick(blueprint.closers)}`,
    categoryId: blueprint.category.id,
    price: { amount: random.int(item.price[0], item.price[1]) * 100 - random.pick([1, 51]), currency: DEMO_CURRENCY },
    images: [productImagePath(slug)],
    attributes,
    stock: random.chance(OUT_OF_STOCK_RATE) ? 0 : random.int(1, 150),
    createdAt: new Date(CATALOG_EPOCH + random.int(0, MINUTES_PER_YEAR) * 60_000),
  };
}
