// Leads: web-to-lead forms embeddable on any site (script or frame), with consent texts, spam guards (honeypot, rate
// limit, proof of work) and owner rules; a submission creates or completes the customer and may open a deal.
export { leadForms, leadSubmissions, leadPowSpent } from './leads.tables.ts';
export { listForms, getForm, createForm, updateForm, deleteForm, listSubmissions, publicForm, presentForm } from './forms.service.ts';
export { submitLead, parseSubmission } from './submit.service.ts';
export { registerLeadCustomerLinks } from './leads.customer-links.ts';
