// Settings: organization-wide preferences and the server secret.
export { getOrgSettings, updateOrgSettings, serverSecret, orgSettingsUpdate, readSetting, writeSetting, deleteSetting, getLogo, setLogo, deleteLogo, type OrgSettings, type Logo } from './settings.service.ts';
export { readOutboundAllow, outboundAllowView, setOutboundAllow, outboundAllowInput, type OutboundAllowView } from './outbound-allow.service.ts';
