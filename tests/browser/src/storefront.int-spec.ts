import mongoose from 'mongoose';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_CARDS } from '@bazaar/contracts';
import { requireServer, serverAddress } from '@bazaar/shared/testing';
import { apiProduct, apiProducts, ApiProduct, launchChromium, screenshot, until } from './support/browser';
import { JAEGER_UI_URL, Stack, startStack } from './support/stack';

const PHONE = { width: 390, height: 844 };

// A shopper in headless Chromium against the real stack: the storefront served by the gateway,
// the five services, Kafka, the MongoDB wire protocol and Redis.
describe('the storefront in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let products: ApiProduct[];
  const contexts: BrowserContext[] = [];
  /** Uncaught errors in the store's JavaScript: every test ends with none. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await Promise.all([requireServer('mongodb'), requireServer('kafka'), requireServer('redis')]);
    [stack, browser] = await Promise.all([startStack('storefront'), launchChromium()]);
    products = await apiProducts(stack.gatewayUrl);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A new shopper: a fresh browser context, so a fresh cart cookie. */
  async function shopper(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      locale: 'en-US',
      baseURL: stack.gatewayUrl,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  const cartCount = (page: Page) => page.getByTestId('cart-count');
  const dollars = (text: string) => Number(text.replace(/[^0-9.]/g, ''));

  /** A test card from the list on the checkout page, any future expiry and CVC. */
  async function payWith(page: Page, number: string): Promise<void> {
    await page.getByRole('button', { name: new RegExp(`^Use test card ${number}`) }).click();
    await page.getByLabel('Expiry (MM/YY)').fill('12/40');
    await page.getByLabel('CVC').fill('123');
  }

  /** The checkout form filled in as Ada, paying with an approving test card. */
  async function fillCheckout(page: Page): Promise<void> {
    await page.goto('/checkout');
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Street address').fill('12 Market Street');
    await page.getByLabel('Postal code').fill('69002');
    await page.getByLabel('City').fill('Lyon');
    await page.getByLabel('Country').selectOption('FR');
    await payWith(page, TEST_CARDS.approves);
  }

  /** Waits for the order on its page to leave PENDING, and answers its status. */
  async function finalStatus(page: Page): Promise<string | null> {
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const status = page.locator('h1 [data-status]');
    await until(
      'the order to be final',
      () => status.getAttribute('data-status'),
      (value) => value !== 'PENDING',
      30000,
    );
    return status.getAttribute('data-status');
  }

  /** From the product's page, as a shopper would; the badge says when the cart has it. */
  async function addOneToCart(page: Page, product: ApiProduct): Promise<void> {
    await page.goto(`/p/${product.slug}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await until(
      'the cart badge to show 1',
      () => cartCount(page).textContent(),
      (n) => n === '1',
    );
  }

  it('browse a category, search, add two products, change a quantity, check out, and see the order CONFIRMED', async () => {
    const page = await shopper();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Everyday things, made well.' }).waitFor();
    await page.getByRole('list', { name: 'New products' }).getByRole('listitem').first().waitFor();
    await screenshot(page, '01-home');

    // Every page shows the trace of its request, linked to Jaeger.
    const traceLink = page.locator('.trace a');
    await traceLink.waitFor();
    expect(await traceLink.getAttribute('href')).toMatch(new RegExp(`^${JAEGER_UI_URL}/trace/[0-9a-f]{32}$`));

    // Browse: a category from the navigation, sorted by price, one more page.
    const kitchen = page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Kitchen' });
    await kitchen.click();
    await page.getByRole('heading', { level: 1, name: 'Kitchen' }).waitFor();
    const grid = page.getByRole('list', { name: 'Kitchen products' });
    await grid.getByRole('listitem').first().waitFor();
    await page.getByLabel('Sort by').selectOption('price_asc');
    await page.waitForURL(/sort=price_asc/);
    await until(
      'the products in ascending price',
      async () => (await grid.locator('.price').allTextContents()).map(dollars),
      (prices) => prices.length > 0 && prices.every((price, i) => i === 0 || prices[i - 1] <= price),
    );
    const firstPage = await grid.getByRole('listitem').count();
    await page.getByRole('button', { name: 'Load more' }).click();
    await until(
      'a second page of products',
      () => grid.getByRole('listitem').count(),
      (count) => count > firstPage,
    );
    await until(
      'the trace of the products request',
      () => page.locator('.trace').textContent(),
      (text) => text?.includes('GET /api/products') ?? false,
    );
    await screenshot(page, '02-category');

    // Search for a product that has stock, open it from the results, add it.
    const [first, second] = products.filter((p) => p.stock >= 6);
    await page.getByRole('searchbox', { name: 'Search products' }).fill(first.name);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: `Results for “${first.name}”` }).waitFor();
    await page
      .getByRole('list', { name: `Search results for ${first.name}` })
      .getByRole('link', { name: first.name })
      .click();
    await page.getByRole('heading', { level: 1, name: first.name }).waitFor();
    // Waits for the badge: the product page may still be loading its stock level.
    await page.getByText('In stock', { exact: true }).waitFor();
    await screenshot(page, '03-product');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('Added 1 to your cart.').waitFor();
    await until(
      'the cart badge to show 1',
      () => cartCount(page).textContent(),
      (n) => n === '1',
    );

    // A second product, two of it, straight from its address.
    await page.goto(`/p/${second.slug}`);
    await page.getByRole('heading', { level: 1, name: second.name }).waitFor();
    await page
      .getByRole('group', { name: `Quantity of ${second.name}` })
      .getByRole('button', { name: 'Increase quantity' })
      .click();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('Added 2 to your cart.').waitFor();
    await until(
      'the cart badge to show 3',
      () => cartCount(page).textContent(),
      (n) => n === '3',
    );

    // The cart: change the first product's quantity, the totals follow.
    await page.getByRole('link', { name: /^Cart, 3 items/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    const firstLine = page.locator(`[data-product-id="${first.id}"]`);
    await firstLine.getByRole('button', { name: 'Increase quantity' }).click();
    await until(
      'the cart badge to show 4',
      () => cartCount(page).textContent(),
      (n) => n === '4',
    );
    await until(
      'the line total for two',
      () => firstLine.locator('.cart-line__total').textContent(),
      (total) => total === money(first.price.amount * 2),
    );
    const subtotal = page.getByRole('complementary', { name: 'Order summary' }).locator('.summary__row--total dd');
    await until(
      'the subtotal for four',
      () => subtotal.textContent(),
      (total) => total === money(first.price.amount * 2 + second.price.amount * 2),
    );
    await screenshot(page, '04-cart');

    // Checkout: the form says what is missing before anything is sent, then places the order.
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Enter your name').waitFor();
    await until(
      'the name field to have the focus',
      () => page.getByLabel('Full name').evaluate((input) => input === document.activeElement),
      (focused) => focused,
    );
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@');
    await page.getByLabel('Street address').fill('12 Market Street');
    await page.getByLabel('Postal code').fill('69002');
    await page.getByLabel('City').fill('Lyon');
    await page.getByLabel('Country').selectOption('FR');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Enter an email address like ada@example.com').waitFor();
    await page.getByText('Enter your card number').waitFor();
    await page.getByLabel('Email').fill('ada@example.com');
    // The test cards are listed on the page; one click puts one in.
    await page.getByTestId('test-cards').getByText(TEST_CARDS.insufficientFunds).waitFor();
    await payWith(page, TEST_CARDS.approves);
    expect(await page.getByLabel('Card number').inputValue()).toBe(TEST_CARDS.approves);
    await screenshot(page, '05-checkout');
    await page.getByRole('button', { name: 'Place order' }).click();

    // The order page follows the saga (stock, then payment) until the order is final.
    expect(await finalStatus(page)).toBe('CONFIRMED');
    await page.getByText('Your order is confirmed.').waitFor();
    expect(await page.getByTestId('order-card').textContent()).toBe('Visa •••• 4242');
    await screenshot(page, '06-order-confirmed');
    expect((await apiProduct(stack.gatewayUrl, first.id)).stock).toBe(first.stock - 2);
    expect((await apiProduct(stack.gatewayUrl, second.id)).stock).toBe(second.stock - 2);

    // The shopper's orders list it; the cart empties once the cart service has taken the ordered lines out.
    await page.getByRole('link', { name: 'Your orders' }).click();
    await page
      .getByRole('link', { name: /Order [0-9A-F]{8}/ })
      .first()
      .waitFor();
    await until(
      'the order listed as CONFIRMED',
      () => page.locator('.order-row [data-status]').first().getAttribute('data-status'),
      (value) => value === 'CONFIRMED',
    );
    await until(
      'the ordered lines to leave the cart',
      async () => {
        await page.reload();
        await page.getByRole('link', { name: /^Cart, \d+ item/ }).waitFor();
        return cartCount(page).textContent();
      },
      (count) => count === '0',
      15000,
    );
  }, 120000);

  it('refuses to check out a product that ran out of stock, saying which and why', async () => {
    const page = await shopper();
    const product = products.filter((p) => p.stock >= 2).at(-1) as ApiProduct;
    await addOneToCart(page, product);

    // Sold out elsewhere: the stock goes to 0 behind the store's back.
    await setProduct(stack.catalogDb, product.id, { stock: 0 });

    await page.goto(`/p/${product.slug}`);
    await page.getByText('Out of stock', { exact: true }).waitFor();
    await until('the Sold out button to be disabled', () => page.getByRole('button', { name: 'Sold out' }).isDisabled(), (disabled) => disabled);

    await page.goto('/cart');
    const blocked = page.getByTestId('checkout-blocked');
    await blocked.waitFor();
    await blocked.getByText(`${product.name} is out of stock in the quantity you chose`).waitFor();
    await page.locator(`[data-product-id="${product.id}"]`).getByText('Out of stock in this quantity').waitFor();
    await until('the Check out button to be disabled', () => page.getByRole('button', { name: 'Check out' }).isDisabled(), (disabled) => disabled);
    await screenshot(page, '07-cart-out-of-stock');

    await page.goto('/checkout');
    await page.getByText(`${product.name} is out of stock in the quantity you chose.`).waitFor();
    await until('the Place order button to be disabled', () => page.getByRole('button', { name: 'Place order' }).isDisabled(), (disabled) => disabled);
  });

  it('refuses a checkout whose price changed, shows old → new in the cart, and places the order once the shopper accepts', async () => {
    const page = await shopper();
    const product = products.filter((p) => p.stock >= 2).at(-2) as ApiProduct;
    await addOneToCart(page, product);
    await fillCheckout(page);

    // The merchant raises the price while the shopper fills in the form.
    const newPrice = { ...product.price, amount: product.price.amount + 250 };
    await setProduct(stack.catalogDb, product.id, { price: newPrice });
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('We could not place your order.').waitFor();
    await page.getByRole('link', { name: 'Review and accept the new prices' }).click();

    const changes = page.getByTestId('price-changes');
    await changes.waitFor();
    expect(await changes.textContent()).toContain(`${product.name}: ${money(product.price.amount)} → ${money(newPrice.amount)}`);
    expect(await page.getByRole('button', { name: 'Check out' }).isDisabled()).toBe(true);
    await screenshot(page, '10-cart-price-changed');
    await page.getByRole('button', { name: 'Accept new prices' }).click();
    await changes.waitFor({ state: 'detached' });
    expect(await page.getByRole('complementary', { name: 'Order summary' }).locator('.summary__row--total dd').textContent()).toBe(money(newPrice.amount));

    await fillCheckout(page);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  }, 120000);

  it('says on its field when a card number is mistyped; a declined card cancels the order with the reason, gives the stock back and keeps the cart', async () => {
    const page = await shopper();
    const product = products.filter((p) => p.stock >= 2).at(-3) as ApiProduct;
    const stockBefore = (await apiProduct(stack.gatewayUrl, product.id)).stock;
    await addOneToCart(page, product);
    await fillCheckout(page);

    // A wrong last digit: the gateway refuses it (Luhn), the form says so on the card number.
    await page.getByLabel('Card number').fill('4242 4242 4242 4241');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('The number is not a valid card number (its check digit is wrong)').waitFor();

    await page.getByLabel('Card number').fill(TEST_CARDS.insufficientFunds);
    await page.getByRole('button', { name: 'Place order' }).click();
    expect(await finalStatus(page)).toBe('CANCELLED');
    expect(await page.getByTestId('cancel-reason').textContent()).toBe('Payment declined: insufficient funds (visa ending 9995).');
    expect(await page.getByTestId('order-card').textContent()).toBe('Visa •••• 9995');
    await screenshot(page, '11-order-declined');

    await until('the stock to be given back', async () => (await apiProduct(stack.gatewayUrl, product.id)).stock, (stock) => stock === stockBefore, 15000);
    await page.goto('/cart');
    await page.locator(`[data-product-id="${product.id}"]`).waitFor();
    expect(await cartCount(page).textContent()).toBe('1');
  }, 120000);

  it('fits a phone-sized screen', async () => {
    const page = await shopper(PHONE);
    await page.goto('/');
    await page.getByRole('list', { name: 'New products' }).getByRole('listitem').first().waitFor();
    await screenshot(page, '08-home-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goto(`/p/${products[0].slug}`);
    await page.getByRole('heading', { level: 1, name: products[0].name }).waitFor();
    await screenshot(page, '09-product-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('shows an unknown address as a page of the store, and a missing product as such', async () => {
    const page = await shopper();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'This page does not exist' }).waitFor();
    await page.goto('/p/no-such-product');
    await page.getByRole('heading', { name: 'We could not find this product' }).waitFor();
  });

  it('exports the traces it links to', () => {
    expect(stack.exportedTraceBatches()).toBeGreaterThan(0);
  });

  // Last: it stops the catalog service.
  it('says so when the store’s backend is unavailable', async () => {
    const page = await shopper();
    await stack.stopService('catalog');
    await page.goto('/c/kitchen');
    await page.getByRole('alert').filter({ hasText: 'The store’s backend is unavailable.' }).waitFor();
    await page.getByRole('heading', { name: 'The store is temporarily unavailable' }).waitFor();
    await screenshot(page, '10-backend-down');
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(pageErrors.splice(0)).toEqual([]);
  });
});

function money(cents: number): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'EUR',
  }).format(cents / 100);
}

/** Changes a product behind the store's back (a warehouse count, a merchant's new price). */
async function setProduct(dbName: string, productId: string, fields: Partial<Pick<ApiProduct, 'stock' | 'price'>>): Promise<void> {
  const connection = await mongoose.createConnection(serverAddress('mongodb'), { dbName }).asPromise();
  try {
    const result = await connection.collection('products').updateOne({ _id: new mongoose.Types.ObjectId(productId) }, { $set: fields });
    if (result.matchedCount !== 1) throw new Error(`no product ${productId} in ${dbName}`);
  } finally {
    await connection.close();
  }
}
