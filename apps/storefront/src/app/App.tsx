import { BrowserRouter, Route, Routes } from 'react-router';
import { CartPage } from '../pages/CartPage';
import { CategoryPage } from '../pages/CategoryPage';
import { CheckoutPage } from '../pages/CheckoutPage';
import { HomePage } from '../pages/HomePage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OrderPage } from '../pages/OrderPage';
import { OrdersPage } from '../pages/OrdersPage';
import { ProductPage } from '../pages/ProductPage';
import { SearchPage } from '../pages/SearchPage';
import { CartProvider } from '../state/cart-context';
import { CategoriesProvider } from '../state/categories-context';
import { ConfigProvider } from '../state/config-context';
import { Layout } from './Layout';

export function App() {
  return (
    <ConfigProvider>
      <CartProvider>
        <CategoriesProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<Layout />}>
                <Route index element={<HomePage />} />
                <Route path="c/:categoryId" element={<CategoryPage />} />
                <Route path="search" element={<SearchPage />} />
                <Route path="p/:slug" element={<ProductPage />} />
                <Route path="cart" element={<CartPage />} />
                <Route path="checkout" element={<CheckoutPage />} />
                <Route path="orders" element={<OrdersPage />} />
                <Route path="orders/:orderId" element={<OrderPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </CategoriesProvider>
      </CartProvider>
    </ConfigProvider>
  );
}
