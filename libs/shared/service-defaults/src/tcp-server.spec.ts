import { ServerTCP } from '@nestjs/microservices';
import { TcpServer } from './tcp-server';

const handler = Object.assign(async () => undefined, { isEventHandler: false });

describe('TcpServer', () => {
  const options = { host: '127.0.0.1', port: 0 };
  const server = new TcpServer(options);
  const nest = new ServerTCP(options);
  const nestRoute = (pattern: string) => (nest as unknown as Pick<TcpServer, 'getRouteFromPattern'>).getRouteFromPattern(pattern);
  for (const each of [server, nest]) {
    each.addHandler('cart.get', handler);
    each.addHandler({ cmd: 'sum' }, handler);
  }
  afterEach(() => jest.restoreAllMocks());

  it('routes every pattern as Nest’s TCP server does', () => {
    for (const pattern of ['cart.get', '{"cmd":"sum"}', 'unknown', '{"cmd":"other"}', '"quoted"', '12', '{not json']) {
      expect(server.getRouteFromPattern(pattern)).toBe(nestRoute(pattern));
      expect(server.getRouteFromPattern(pattern)).toBe(nestRoute(pattern));
      expect(server.getHandlerByPattern(pattern)).toBe(nest.getHandlerByPattern(pattern));
    }
  });

  it('parses a known pattern once, not on every message', () => {
    const parse = jest.spyOn(JSON, 'parse');
    for (let i = 0; i < 5; i++) expect(server.getHandlerByPattern('cart.get')).toBe(handler);
    expect(parse.mock.calls.filter(([text]) => text === 'cart.get').length).toBeLessThanOrEqual(1);
  });

  it('remembers nothing for patterns without a handler', () => {
    const parse = jest.spyOn(JSON, 'parse');
    for (let i = 0; i < 3; i++) expect(server.getHandlerByPattern('made-up')).toBeNull();
    expect(parse.mock.calls.filter(([text]) => text === 'made-up')).toHaveLength(3);
  });
});
