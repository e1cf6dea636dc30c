// Preferences remembered: favourite products, tastes, preferred channel, hours and language, important dates — read
// and saved over the API here; senders use the pure rule in common/preferences.schemas.ts (nextInsideHours).
export { getPreferences, savePreferences } from './preferences.service.ts';
import { registerProfileSection } from '../customers/index.ts';
import { getPreferences } from './preferences.service.ts';

/** The 360° section `preferences` (the same reads as GET /api/customers/:id/preferences, batched with the others). */
export function registerPreferencesView(): void {
  registerProfileSection({ key: 'preferences', load: (db, actor, customerId) => getPreferences(db, actor, customerId) });
}
