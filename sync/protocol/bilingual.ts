import { z } from 'zod';

export const bilingualTextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
