import type { CategoryView } from '@bazaar/contracts';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { storeApi } from '../api/store-api';

const CategoriesContext = createContext<CategoryView[] | null>(null);

/** The categories for the navigation and page headers, loaded once in the background; null until they arrive. */
export function CategoriesProvider({ children }: { children: ReactNode }) {
  const [categories, setCategories] = useState<CategoryView[] | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let retry: ReturnType<typeof setTimeout> | undefined;
    storeApi.categories({ recordTrace: false }).then(setCategories, () => {
      // The backend may be starting or down (the banner says so): try again shortly.
      retry = setTimeout(() => setAttempt((n) => n + 1), 5000);
    });
    return () => clearTimeout(retry);
  }, [attempt]);
  return <CategoriesContext.Provider value={categories}>{children}</CategoriesContext.Provider>;
}

export function useCategories(): CategoryView[] | null {
  return useContext(CategoriesContext);
}

export function useCategory(categoryId: string): CategoryView | undefined {
  return useCategories()?.find((category) => category.id === categoryId);
}
