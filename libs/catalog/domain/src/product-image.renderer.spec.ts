import { demoProductImages, renderProductImage } from './product-image.renderer';

describe('product images', () => {
  it('renders an SVG with initials and the escaped name', () => {
    const svg = renderProductImage({ slug: 'salt-pepper', name: 'Salt & <Pepper> Mill' }, 14);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('Salt &#38; &#60;Pepper&#62; Mill');
    expect(svg).toContain('>SM<');
    expect(svg).toContain('hsl(14,');
    expect(svg).not.toMatch(/<Pepper>/);
  });

  it('shortens long names and skips a leading article in initials', () => {
    const svg = renderProductImage({ slug: 'x', name: 'The Extraordinarily Long Winter Harbour Atlas' }, 270);
    expect(svg).toContain('>HA<');
    expect(svg).toContain('The Extraordinarily Lon…');
  });

  it('makes one deterministic file per demo product', () => {
    const images = demoProductImages();
    expect(images).toHaveLength(300);
    expect(new Set(images.map((i) => i.fileName)).size).toBe(300);
    expect(demoProductImages()).toEqual(images);
  });
});
