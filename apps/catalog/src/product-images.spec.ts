import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoProductImages } from '@bazaar/catalog/domain';

const assets = join(__dirname, '../../gateway/src/assets/products');

describe('generated product images', () => {
  it('are committed exactly as the generator makes them (run apps/catalog/scripts/generate-product-images.mjs)', () => {
    const images = demoProductImages();
    expect(readdirSync(assets).filter((name) => name.endsWith('.svg')).sort()).toEqual(images.map((image) => image.fileName).sort());
    for (const { fileName, svg } of images) expect(readFileSync(join(assets, fileName), 'utf8')).toBe(svg);
  });
});
