import { AuditReport, judgeAudit, validateAllowlist } from './dependency-audit';

const report: AuditReport = {
  vulnerabilities: {
    'fast-xml': { name: 'fast-xml', severity: 'high', via: [{ source: 1101, name: 'fast-xml', title: 'ReDoS', url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', severity: 'high', range: '<4.2.4' }] },
    'some-wrapper': { name: 'some-wrapper', severity: 'high', via: ['fast-xml'] },
    leftpad: { name: 'leftpad', severity: 'critical', via: [{ source: 1102, name: 'leftpad', title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff', severity: 'critical', range: '*' }] },
    tiny: { name: 'tiny', severity: 'moderate', via: [{ source: 1103, name: 'tiny', title: 'Minor', url: 'https://github.com/advisories/GHSA-gggg-hhhh-iiii', severity: 'moderate', range: '*' }] },
  },
};
const entry = { id: 'GHSA-aaaa-bbbb-cccc', package: 'fast-xml', reason: 'Only parses our own build output, never input from shoppers.', expires: '2026-12-31' };

describe('the dependency audit gate', () => {
  it('blocks every high and critical advisory, once each, and lets moderate ones pass', () => {
    const verdict = judgeAudit(report, [], '2026-11-30');
    expect(verdict.blocking.map((a) => `${a.id} ${a.package} ${a.severity}`).sort()).toEqual(['GHSA-aaaa-bbbb-cccc fast-xml high', 'GHSA-dddd-eeee-ffff leftpad critical']);
  });

  it('lets an allowlisted advisory pass until its expiry day, inclusive', () => {
    expect(judgeAudit(report, [entry], '2026-12-31').blocking.map((a) => a.package)).toEqual(['leftpad']);
    expect(judgeAudit(report, [entry], '2026-12-31').allowed.map((a) => a.package)).toEqual(['fast-xml']);
    const expired = judgeAudit(report, [entry], '2027-01-01');
    expect(expired.blocking.map((a) => a.package).sort()).toEqual(['fast-xml', 'leftpad']);
    expect(expired.expired).toEqual([entry]);
  });

  it('matches the advisory and the package, not the package alone', () => {
    expect(judgeAudit(report, [{ ...entry, id: 'GHSA-zzzz-zzzz-zzzz' }], '2026-11-30').blocking.map((a) => a.package)).toContain('fast-xml');
  });

  it('refuses allowlist entries without a reason or a valid expiry', () => {
    expect(() => validateAllowlist([{ ...entry, reason: '' }])).toThrow('reason');
    expect(() => validateAllowlist([{ ...entry, expires: 'someday' }])).toThrow('expires');
    expect(validateAllowlist([entry])).toEqual([entry]);
  });
});
