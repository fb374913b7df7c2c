import type { z } from 'zod';

/** `field.path: why` for each issue: the form every "bad input" message takes. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
