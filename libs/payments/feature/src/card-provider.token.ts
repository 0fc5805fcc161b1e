/**
 * The CardProvider (`@bazaar/payments/domain`) payments authorizes with: the simulator by default;
 * a real provider's adapter takes its place through `PaymentsFeatureModule.forRoot({ cardProvider })`.
 */
export const CARD_PROVIDER = Symbol('CARD_PROVIDER');
