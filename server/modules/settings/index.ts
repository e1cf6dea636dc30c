// Settings: organization-wide preferences and the server secret.
export { getOrgSettings, updateOrgSettings, serverSecret, orgSettingsUpdate, type OrgSettings } from './settings.service.ts';
