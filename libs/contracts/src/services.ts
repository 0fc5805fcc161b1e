/** Injection tokens of the gateway's clients for the services behind it. */
export const CATALOG_SERVICE = 'CATALOG_SERVICE';
export const CART_SERVICE = 'CART_SERVICE';
export const ORDER_SERVICE = 'ORDER_SERVICE';
export const PAYMENTS_SERVICE = 'PAYMENTS_SERVICE';
