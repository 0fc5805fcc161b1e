import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { getJson } from './store-api';

const fast = { backoffMs: 1 };

describe('getJson (the benchmarks’ setup reads)', () => {
  let server: Server;
  let url: string;
  let answers: number[];
  let asked: string[];

  beforeEach(async () => {
    answers = [];
    asked = [];
    server = createServer((request, response) => {
      asked.push(request.method ?? '');
      response.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/categories`;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('asks a GET again after a 504 or 503 and answers what came next', async () => {
    answers = [504, 503];
    await expect(getJson(url, {}, fast)).resolves.toEqual({ ok: true });
    expect(asked).toEqual(['GET', 'GET', 'GET']);
  });

  it('gives up on a GET after five answers of 504, and never repeats a POST or a 4xx', async () => {
    answers = [504, 504, 504, 504, 504];
    await expect(getJson(url, {}, fast)).rejects.toThrow('answered 504');
    expect(asked).toHaveLength(5);
    answers = [504];
    await expect(getJson(url, { method: 'POST' }, fast)).rejects.toThrow('POST');
    answers = [404];
    await expect(getJson(url, {}, fast)).rejects.toThrow('answered 404');
    expect(asked).toHaveLength(7);
  });
});
