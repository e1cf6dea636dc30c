import { Select, type SelectProps } from '@mantine/core';
import { useActiveUserOptions } from '../api/reference';

/** Pick an active user to assign work to; searchable, and always someone once chosen. */
export function AssigneeSelect(props: Omit<SelectProps, 'data' | 'searchable' | 'allowDeselect'>) {
  const data = useActiveUserOptions();
  return <Select data={data} searchable allowDeselect={false} {...props} />;
}
