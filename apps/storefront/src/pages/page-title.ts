import { useEffect } from 'react';

/** Sets the document title, so tabs, history and screen readers name the page. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Bazaar` : 'Bazaar — everyday things, made well';
  }, [title]);
}
