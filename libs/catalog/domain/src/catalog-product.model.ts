import { Money } from '@bazaar/contracts';

/** A product as the catalog knows it, independent of how it is stored. */
export interface CatalogProduct {
  id: string;
  slug: string;
  name: string;
  description: string;
  categoryId: string;
  price: Money;
  images: string[];
  attributes: Record<string, string>;
  stock: number;
  createdAt: Date;
}

export interface CatalogCategory {
  id: string;
  name: string;
  description: string;
}
