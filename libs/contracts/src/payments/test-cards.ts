/**
 * The simulated card provider's test cards (the convention card providers document): these numbers
 * do what their name says, with any future expiry and any CVC; every other valid number approves.
 * A file of its own with no imports (entry point `@bazaar/contracts/test-cards`): the storefront lists
 * them without bundling the schemas, and zod with them.
 */
export const TEST_CARDS = {
  approves: '4242 4242 4242 4242',
  approvesMastercard: '5555 5555 5555 4444',
  insufficientFunds: '4000 0000 0000 9995',
  declined: '4000 0000 0000 0002',
  expired: '4000 0000 0000 0069',
  /** The provider is unavailable for the first two attempts, then approves: retried, never parked. */
  failsTransiently: '4000 0000 0000 0119',
  /** Approves after a delay (PAYMENTS_SIMULATOR_SLOW_MS in payments, 3 s by default). */
  slow: '4000 0000 0000 0077',
} as const;
