import { z } from 'zod';

export const WidgetTheme = z.object({
  primaryColor: z.string().regex(/^#[0-9a-f]{6}$/i, 'colour is #rrggbb').optional(),
  position: z.enum(['right', 'left']).optional(),
  launcherLabel: z.string().max(40).optional(),
});
export type WidgetTheme = z.infer<typeof WidgetTheme>;
