// Tasks: follow-ups and the promises made to customers, with reminders that fire exactly once.
export { tasks } from './tasks.tables.ts';
export { createTask, updateTask, deleteTask, listTasks, taskById, openTasksOf, setReminderHook, dayBounds, type TaskView } from './tasks.service.ts';
export { bulkEditTasks, undoTaskBulk } from './tasks-bulk.service.ts';
export { registerTaskViews } from './tasks.timeline.ts';
export { fireDueReminders, reminderJobs, REMINDER_JOB, REMINDER_SWEEP_JOB, EMAIL_JOB } from './reminders.ts';
export { registerTaskMover } from './tasks.mover.ts';
export { registerTaskDataRights } from './tasks.data-rights.ts';
