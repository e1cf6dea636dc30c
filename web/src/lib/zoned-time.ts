// Moved to common/ (the task due presets there are unit-tested and use it).
export * from '../../../common/zoned-time';
