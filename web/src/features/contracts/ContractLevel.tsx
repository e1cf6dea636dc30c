/** A contract level by its name in the user's language («نقره‌ای», "Silver"), isolated from the text around it. */
import { contractLevelName } from '../../../../common/contract-levels';
import { usePrefs } from '../../lib/prefs';

export function ContractLevel({ level }: { level: string }) {
  const { prefs } = usePrefs();
  return <bdi data-level={level}>{contractLevelName(level, prefs.locale)}</bdi>;
}
