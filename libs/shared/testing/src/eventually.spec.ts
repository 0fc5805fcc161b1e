import { eventually } from './eventually';

describe('eventually', () => {
  it('returns the first value the probe yields', async () => {
    let calls = 0;
    await expect(eventually(() => (++calls === 3 ? 'ready' : undefined), 'the third call')).resolves.toBe('ready');
    expect(calls).toBe(3);
  });

  it('fails naming what it waited for', async () => {
    await expect(eventually(() => undefined, 'a reply', 100)).rejects.toThrow('timed out waiting for a reply');
  });
});
