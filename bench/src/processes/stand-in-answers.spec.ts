import { AddressInfo, connect, createServer, Server } from 'node:net';
import { ClientTCP } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { CartPatterns, CatalogPatterns, PING_PATTERN } from '@bazaar/contracts';
import { answerAsStandIn, STAND_IN_PRODUCT } from './stand-in-answers';

describe('the service stand-in, asked by the client the gateway uses (Nest TCP)', () => {
  let server: Server;
  let client: ClientTCP;
  const ask = (pattern: string, data: object) => firstValueFrom(client.send(pattern, data));

  beforeAll(async () => {
    server = createServer(answerAsStandIn);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new ClientTCP({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    await client.connect();
  });
  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a product page, a cart change for the cart asked about, and a ping', async () => {
    const [product, cart, ping] = await Promise.all([
      ask(CatalogPatterns.getProduct, { id: STAND_IN_PRODUCT.id }),
      ask(CartPatterns.addItem, { cartId: 'cart-1', productId: STAND_IN_PRODUCT.id, quantity: 1 }),
      ask(PING_PATTERN, {}),
    ]);
    expect(product).toEqual(STAND_IN_PRODUCT);
    expect(cart).toMatchObject({ cartId: 'cart-1', itemCount: 1, lines: [{ productId: STAND_IN_PRODUCT.id }] });
    expect(ping).toEqual({ service: 'stand-in' });
  });

  it('answers many requests sent at once on one connection, each its own', async () => {
    const carts = await Promise.all(Array.from({ length: 200 }, (_, i) => ask(CartPatterns.get, { cartId: `cart-${i}` })));
    expect(carts.map((cart) => (cart as { cartId: string }).cartId)).toEqual(Array.from({ length: 200 }, (_, i) => `cart-${i}`));
  });

  it('reads a frame sent a byte at a time, a multi-byte character split between writes, as Nest counts it (characters)', async () => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const message = JSON.stringify({ id: 'split-1', pattern: CartPatterns.get, data: { cartId: 'caf\u00e9\u2019s cart' } });
    const frame = Buffer.from(`${message.length}#${message}`, 'utf8');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    for (const byte of frame) await new Promise<void>((resolve) => socket.write(Buffer.from([byte]), () => resolve()));
    const whole = () => received.includes('#') && received.length - received.indexOf('#') - 1 >= Number(received.slice(0, received.indexOf('#')));
    await new Promise<void>((resolve) => { const check = () => (whole() ? resolve() : setTimeout(check, 5)); check(); });
    socket.destroy();
    const hash = received.indexOf('#');
    expect(Number(received.slice(0, hash))).toBe(received.length - hash - 1);
    expect(JSON.parse(received.slice(hash + 1))).toMatchObject({ id: 'split-1', response: { cartId: 'caf\u00e9\u2019s cart' } });
  });

  it('drops a connection that sends something else, and goes on answering the others', async () => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('5#{oops');
    await closed;
    expect(await ask(PING_PATTERN, {})).toEqual({ service: 'stand-in' });
  });

  it('refuses what it does not stand in for, as an error the client sees', async () => {
    await expect(ask(CatalogPatterns.listProducts, {})).rejects.toMatchObject({ message: expect.stringContaining('does not answer catalog.products.list') });
  });
});
