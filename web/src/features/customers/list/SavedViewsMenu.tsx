import type { CustomerFilters } from './useCustomerQuery';
import { ListViewsMenu } from '../../lists';

/** A view keeps the filters and the columns shown (columns: comma-separated keys). */
type ViewQuery = CustomerFilters & { columns?: string };

export function SavedViewsMenu({ filters, onApply }: { filters: ViewQuery; onApply: (filters: ViewQuery) => void }) {
  return <ListViewsMenu list="customers" query={filters} onApply={onApply} />;
}
