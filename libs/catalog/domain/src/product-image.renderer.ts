import { CatalogProduct } from './catalog-product.model';
import { DEMO_CATEGORIES } from './demo-catalog.data';
import { generateDemoCatalog } from './demo-catalog.generator';
import { hashString } from './seeded-random.util';

const SIZE = 240;
const MAX_LABEL_LENGTH = 24;

const SHAPES: Array<(fill: string) => string> = [
  (fill) => `<circle cx="120" cy="100" r="58" fill="${fill}"/>`,
  (fill) => `<rect x="64" y="44" width="112" height="112" rx="22" fill="${fill}"/>`,
  (fill) => `<path d="M120 38 L182 100 L120 162 L58 100 Z" fill="${fill}"/>`,
  (fill) => `<path d="M120 40 L172 70 L172 130 L120 160 L68 130 L68 70 Z" fill="${fill}"/>`,
];

/** A small placeholder picture: the category's colour, a shape picked by the slug, initials and the name. */
export function renderProductImage(product: Pick<CatalogProduct, 'slug' | 'name'>, hue: number): string {
  const shade = hashString(product.slug);
  const shape = SHAPES[shade % SHAPES.length];
  const tilt = (shade >>> 4) % 30;
  const label = product.name.length > MAX_LABEL_LENGTH ? `${product.name.slice(0, MAX_LABEL_LENGTH - 1).trimEnd()}…` : product.name;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${escapeXml(product.name)}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">`,
    `<stop offset="0" stop-color="hsl(${hue},60%,94%)"/><stop offset="1" stop-color="hsl(${(hue + tilt) % 360},50%,82%)"/>`,
    `</linearGradient></defs>`,
    `<rect width="${SIZE}" height="${SIZE}" fill="url(#bg)"/>`,
    shape(`hsl(${hue},45%,${40 + (shade % 12)}%)`),
    `<text x="120" y="114" text-anchor="middle" font-family="system-ui,-apple-system,'Segoe UI',sans-serif" font-size="40" font-weight="600" fill="#fff">${escapeXml(initialsOf(product.name))}</text>`,
    `<text x="120" y="206" text-anchor="middle" font-family="system-ui,-apple-system,'Segoe UI',sans-serif" font-size="15" fill="hsl(${hue},40%,25%)">${escapeXml(label)}</text>`,
    `</svg>`,
    '',
  ].join('\n');
}

export interface ProductImageFile {
  fileName: string;
  svg: string;
}

/** One SVG per demo product, named after the slug its `images` entry points at. */
export function demoProductImages(): ProductImageFile[] {
  const hues = new Map(DEMO_CATEGORIES.map(({ category, hue }) => [category.id, hue]));
  return generateDemoCatalog().products.map((product) => ({
    fileName: `${product.slug}.svg`,
    svg: renderProductImage(product, hues.get(product.categoryId) ?? 0),
  }));
}

function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word) && word.toLowerCase() !== 'the');
  return words
    .slice(-2)
    .map((word) => word[0].toUpperCase())
    .join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
