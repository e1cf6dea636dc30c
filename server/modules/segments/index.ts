// Segments: a typed JSON rule language over customers compiled to parameterized SQL; saved as dynamic or static.
// Other modules register what they know about a customer as segment fields (registerSegmentField).
export { segments, segmentMembers } from './segments.tables.ts';
export { registerSegmentField, segmentFields, sinceDays, type SegmentFieldDef, type FieldContext, type EventField, type ValueField } from './fields.registry.ts';
export { registerCustomerSegmentFields } from './customer-fields.ts';
export { compileRules, type CompileContext } from './compile.ts';
export { previewSegment, segmentWhere, savedSegmentWhere, listSegments, getSegment, createSegment, updateSegment, deleteSegment, availableFields, compileContext } from './segments.service.ts';
export { registerSegmentMover, registerSegmentDataRights } from './segments.mover.ts';
export { jalaliMonthDay, birthdayWindow } from './jalali-days.ts';
