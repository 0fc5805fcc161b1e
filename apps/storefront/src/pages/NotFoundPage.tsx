import { Link } from 'react-router';
import { EmptyState } from '../components/States';
import { usePageTitle } from './page-title';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <EmptyState title="This page does not exist">
      <p>
        The link may be old or mistyped. <Link to="/">Back to the store</Link>
      </p>
    </EmptyState>
  );
}
