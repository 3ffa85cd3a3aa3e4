/**
 * The closed list of audit-log actions, as a plain `as const` table so a browser bundle (the
 * console's filter) can list them without zod; `AuditAction` in privacy.ts is the schema.
 */
export const AUDIT_ACTIONS = [
  'login.succeeded',
  'login.failed',
  'password.changed',
  'sessions.ended',
  'two_factor.enabled',
  'two_factor.disabled',
  'two_factor.reset',
  'recovery_codes.created',
  'agent.created',
  'agent.updated',
  'site.updated',
  'kb.entry_saved',
  'kb.entry_deleted',
  'kb.reloaded',
  'visitor.exported',
  'visitor.erased',
  'retention.ran',
] as const;
