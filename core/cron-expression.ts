// A cron expression as node-cron accepts it, for config schemas.
import cron from 'node-cron';
import { z } from 'zod';

export const CronExpression = z.string().refine((value) => cron.validate(value), 'not a valid cron expression');
