import type { Socket } from 'node:net';
import { CartPatterns, CartView, CatalogPatterns, PING_PATTERN, ProductView } from '@bazaar/contracts';

/** What the stand-in answers: a product page's product, and a cart of one line. */
export const STAND_IN_PRODUCT: ProductView = {
  id: '0123456789abcdef01234567',
  slug: 'stand-in-kettle',
  name: 'Stand-in kettle',
  description: 'A product of the size the demo catalog serves, answered at once by the bench’s service stand-in. '.repeat(3),
  categoryId: '0123456789abcdef00000001',
  price: { amount: 4999, currency: 'EUR' },
  images: ['/images/products/stand-in-kettle.svg'],
  attributes: { colour: 'steel', capacity: '1.7 l' },
  stock: 42,
  inStock: true,
  createdAt: '2026-12-02T00:00:00.000Z',
};

export function standInCart(cartId: string): CartView {
  const { id, slug, name, images, price } = STAND_IN_PRODUCT;
  const line = { productId: id, slug, name, image: images[0], quantity: 1, unitPrice: price, priceWhenAdded: price, priceChanged: false, lineTotal: price, available: true };
  return { cartId, lines: [line], itemCount: 1, subtotal: price };
}

function answer(pattern: string, data: { cartId?: string }): unknown {
  if (pattern === PING_PATTERN) return { service: 'stand-in' };
  if (pattern === CatalogPatterns.getProduct || pattern === CatalogPatterns.getProductBySlug) return STAND_IN_PRODUCT;
  if ((Object.values(CartPatterns) as string[]).includes(pattern)) return standInCart(data.cartId ?? '');
  throw new Error(`the stand-in does not answer ${pattern}`);
}

/** Nest's TCP framing: `<length of the JSON text>#<JSON>` each way; a message with an id wants a reply. */
export function answerAsStandIn(socket: Socket): void {
  let buffered = '';
  socket.setEncoding('utf8');
  // A gateway stopped between rounds resets its connections; that must not stop the stand-in.
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    try {
      for (let hash = buffered.indexOf('#'); hash >= 0; hash = buffered.indexOf('#')) {
        const length = Number(buffered.slice(0, hash));
        if (buffered.length < hash + 1 + length) return;
        const { id, pattern, data } = JSON.parse(buffered.slice(hash + 1, hash + 1 + length)) as { id?: string; pattern: string; data: { cartId?: string } };
        buffered = buffered.slice(hash + 1 + length);
        if (id !== undefined) socket.write(replyFrame(id, pattern, data));
      }
    } catch {
      socket.destroy(); // a frame that is not Nest's: this connection is lost, the stand-in stays
    }
  });
}

function replyFrame(id: string, pattern: string, data: { cartId?: string }): string {
  let reply: string;
  try {
    reply = JSON.stringify({ id, response: answer(pattern, data), isDisposed: true });
  } catch (error) {
    reply = JSON.stringify({ id, err: { status: 'error', message: (error as Error).message }, isDisposed: true });
  }
  return `${reply.length}#${reply}`;
}
