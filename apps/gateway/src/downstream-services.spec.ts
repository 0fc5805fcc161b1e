import { PAYMENTS_SERVICE } from '@bazaar/contracts';
import { DOWNSTREAM_SERVICES } from './downstream-services';

describe('the services behind the gateway', () => {
  it('include payments at PAYMENTS_ADDR, so /health/dependencies reports it with the others', () => {
    expect(DOWNSTREAM_SERVICES.map(({ name, addressVariable }) => `${name}@${addressVariable}`)).toEqual([
      'catalog@CATALOG_ADDR',
      'cart@CART_ADDR',
      'order@ORDER_ADDR',
      'payments@PAYMENTS_ADDR',
    ]);
    expect(DOWNSTREAM_SERVICES.find(({ name }) => name === 'payments')?.token).toBe(PAYMENTS_SERVICE);
  });
});
