/**
 * Ends every switch over a union of command or event types: a new member that no case handles
 * makes the call site fail to compile. At run time (untyped input) it throws.
 */
export function assertNever(value: never): never {
  const type =
    typeof value === 'object' && value !== null && 'type' in value
      ? String((value as { type: unknown }).type)
      : String(value);
  throw new Error(`Unhandled variant: ${type}`);
}
