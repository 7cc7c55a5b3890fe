import type { z } from 'zod';
import type { Role } from './common';

/** Who may call a method: 'public' needs only the transport's launch token; otherwise one of the roles. */
export type Access = 'public' | readonly Role[];

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, access: Access) => ({ input, output, access });

export const STAFF = ['clerk', 'officer', 'leader', 'admin'] as const;
export const COUNTER = ['clerk', 'officer', 'admin'] as const;
export const ADMIN_ONLY = ['admin'] as const;
