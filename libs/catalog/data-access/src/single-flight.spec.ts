import { SingleFlight } from './single-flight';

/** Settles after every callback the event loop's next turn runs (the flight is forgotten in one). */
const afterTheNextTurn = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
};

describe('SingleFlight', () => {
  it('runs one load for concurrent callers of a key and gives each its result', async () => {
    const flights = new SingleFlight();
    let loads = 0;
    let finish!: (value: string) => void;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const calls = Array.from({ length: 20 }, () => flights.run('k', load));
    await Promise.resolve();
    finish('v');
    expect(await Promise.all(calls.map((call) => call.value))).toEqual(Array(20).fill('v'));
    expect(loads).toBe(1);
    expect(calls.filter((call) => call.leader)).toHaveLength(1);
    expect(flights.size).toBe(0);
  });

  it('keeps keys apart and loads again once a load has settled', async () => {
    const flights = new SingleFlight();
    const load = jest.fn(async (value: string) => value);
    expect(await Promise.all([flights.run('a', () => load('a')).value, flights.run('b', () => load('b')).value])).toEqual(['a', 'b']);
    await flights.run('a', () => load('a2')).value;
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('shares a failure with the callers in flight, then forgets it', async () => {
    const flights = new SingleFlight();
    const failing = flights.run('k', async () => {
      throw new Error('down');
    });
    const joined = flights.run('k', async () => 'never');
    await expect(failing.value).rejects.toThrow('down');
    await expect(joined.value).rejects.toThrow('down');
    expect(joined.leader).toBe(false);
    await expect(flights.run('k', async () => 'ok').value).resolves.toBe('ok');
  });

  it('given keepUntil, keeps the load for callers that arrive after it settled, until what keepUntil returns has settled', async () => {
    const flights = new SingleFlight();
    const load = jest.fn(async () => 'v');
    let stored!: () => void;
    const keepUntil = jest.fn(() => new Promise<void>((resolve) => (stored = resolve)));
    const first = flights.run('k', load, keepUntil);
    expect(await first.value).toBe('v');
    await Promise.resolve();
    expect(keepUntil).toHaveBeenCalledWith('v');

    const late = flights.run('k', load, keepUntil);
    expect(late.leader).toBe(false);
    expect(await late.value).toBe('v');
    expect(load).toHaveBeenCalledTimes(1);

    stored();
    await afterTheNextTurn();
    expect(flights.size).toBe(0);
    expect(flights.run('k', load, keepUntil).leader).toBe(true);
  });

  it('given keepUntil, forgets a failed load without keeping it, and a load whose keepUntil failed', async () => {
    const flights = new SingleFlight();
    const keepUntil = jest.fn(async () => undefined);
    await expect(flights.run('k', async () => Promise.reject(new Error('down')), keepUntil).value).rejects.toThrow('down');
    expect(keepUntil).not.toHaveBeenCalled();
    await afterTheNextTurn();
    expect(flights.size).toBe(0);
    await flights.run('k', async () => 'v', async () => Promise.reject(new Error('store failed'))).value;
    await afterTheNextTurn();
    expect(flights.size).toBe(0);
  });
});
