import { parseProcStatus, processMemory } from './memory';

describe('process memory', () => {
  it('reads VmRSS, VmHWM, RssAnon and RssFile in MB', () => {
    expect(parseProcStatus('Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nRssAnon:\t   51200 kB\nRssFile:\t   50176 kB\n')).toEqual({ rssMb: 100, peakRssMb: 200, anonMb: 50, fileMb: 49 });
  });

  it('names the field it cannot find', () => {
    expect(() => parseProcStatus('Name:\tkthreadd\n')).toThrow('no VmRSS');
  });

  it('reads this very process', () => {
    const { rssMb, peakRssMb } = processMemory(process.pid);
    expect(rssMb).toBeGreaterThan(10);
    expect(peakRssMb).toBeGreaterThanOrEqual(rssMb);
  });
});
