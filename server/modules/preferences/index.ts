// Preferences remembered: favourite products, tastes, preferred channel, hours and language, important dates — read
// and saved over the API here; senders use the pure rule in common/preferences.schemas.ts (nextInsideHours).
export { getPreferences, savePreferences } from './preferences.service.ts';
