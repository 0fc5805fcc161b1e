import { names } from '@nx/devkit';

export interface Names {
  /** As given: `payments`, `PaymentAuthorized`. */
  name: string;
  /** `Payments`, `PaymentAuthorized`. */
  className: string;
  /** `payments`, `paymentAuthorized`. */
  propertyName: string;
  /** `PAYMENTS`, `PAYMENT_AUTHORIZED`. */
  constantName: string;
  /** `payments`, `payment-authorized`. */
  fileName: string;
}

export const namesOf = (name: string): Names => names(name);

/** `a, b,,c` → [a, b, c]; also accepts an array (from a generator called in code). */
export function listOption(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value : (value ?? '').split(',');
  return [...new Set(items.map((item) => item.trim()).filter((item) => item.length > 0))];
}

export const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const EVENT_NAME = /^[A-Z][A-Za-z]*$/;
