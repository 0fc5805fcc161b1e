import { SkipThrottle } from '@nestjs/throttler';

/** The stricter limit of checkouts (CHECKOUT_RATE_LIMIT_PER_MINUTE), on top of the default one. */
export const CHECKOUT_THROTTLER = 'checkout';

/** On every route but checkout. */
export const NotCheckout = () => SkipThrottle({ [CHECKOUT_THROTTLER]: true });
