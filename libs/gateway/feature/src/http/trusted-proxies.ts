import { isIP } from 'node:net';
import { z } from 'zod';

const isAddressOrCidr = (entry: string) => {
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address);
  return version !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)));
};

/**
 * Which proxies' X-Forwarded-For to believe: `false` (none: the connection's address), a number of
 * hops (1: HAProxy or the ingress controller in front), or the proxies' addresses and CIDRs.
 * `true` is refused: it believes the left-most address, which any client writes itself.
 */
export const trustedProxies = z
  .string()
  .trim()
  .refine((value) => value !== 'true', 'true would trust a client-sent X-Forwarded-For: give the number of proxy hops (e.g. 1) or their addresses/CIDRs')
  .transform((value): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    return value.split(',').map((entry) => entry.trim()).filter(Boolean);
  })
  .refine((value) => !Array.isArray(value) || (value.length > 0 && value.every(isAddressOrCidr)), 'must be false, a hop count, or comma-separated IP addresses/CIDRs');
