/**
 * The dependency gate of the test command: high and critical advisories that `npm audit` reports for
 * production dependencies fail it, unless a reviewed allowlist entry (reason, expiry) covers them.
 */
export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

/** One advisory as `npm audit --json` (npm 7+) reports it under `vulnerabilities.<name>.via`. */
interface AuditVia {
  source: number;
  name: string;
  title: string;
  url: string;
  severity: Severity;
  range: string;
}

export interface AuditReport {
  vulnerabilities?: Record<string, { name: string; severity: Severity; via: Array<AuditVia | string> }>;
}

export interface AllowlistEntry {
  /** `GHSA-xxxx-xxxx-xxxx` or the npm advisory number. */
  id: string;
  package: string;
  reason: string;
  /** YYYY-MM-DD: the last day this entry allows the advisory. */
  expires: string;
}

export interface Advisory {
  id: string;
  package: string;
  severity: Severity;
  title: string;
  url: string;
}

export interface AuditVerdict {
  blocking: Advisory[];
  allowed: Advisory[];
  /** Entries past their date: they allow nothing and should be reviewed or removed. */
  expired: AllowlistEntry[];
}

const BLOCKING: ReadonlySet<Severity> = new Set(['high', 'critical']);

export function advisoriesOf(report: AuditReport): Advisory[] {
  const byKey = new Map<string, Advisory>();
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    // A string `via` names another vulnerable package: its own entry lists the advisory.
    for (const via of vulnerability.via.filter((v): v is AuditVia => typeof v !== 'string')) {
      const id = via.url.match(/GHSA(-[0-9a-z]{4}){3}/i)?.[0] ?? String(via.source);
      byKey.set(`${id} ${via.name}`, { id, package: via.name, severity: via.severity, title: via.title, url: via.url });
    }
  }
  return [...byKey.values()];
}

export function validateAllowlist(entries: unknown[]): AllowlistEntry[] {
  return entries.map((entry, i) => {
    const e = entry as Partial<AllowlistEntry>;
    const problems = [
      !e.id && 'id',
      !e.package && 'package',
      !(e.reason && e.reason.trim().length >= 10) && 'reason (a sentence)',
      !(e.expires && /^\d{4}-\d{2}-\d{2}$/.test(e.expires) && !Number.isNaN(Date.parse(e.expires))) && 'expires (YYYY-MM-DD)',
    ].filter(Boolean);
    if (problems.length) throw new Error(`audit allowlist entry ${i} lacks ${problems.join(', ')}`);
    return e as AllowlistEntry;
  });
}

/** `today` as YYYY-MM-DD; an entry is in force up to and including its `expires` day. */
export function judgeAudit(report: AuditReport, allowlist: AllowlistEntry[], today: string): AuditVerdict {
  const inForce = allowlist.filter((entry) => entry.expires >= today);
  const covered = (advisory: Advisory) => inForce.some((entry) => entry.id.toLowerCase() === advisory.id.toLowerCase() && entry.package === advisory.package);
  const serious = advisoriesOf(report).filter((advisory) => BLOCKING.has(advisory.severity));
  return {
    blocking: serious.filter((advisory) => !covered(advisory)),
    allowed: serious.filter(covered),
    expired: allowlist.filter((entry) => entry.expires < today),
  };
}
