/** Copies a non-secret value from the page (secrets are copied by main: integrations.copySecret). */
export async function copyText(value: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value)
    return true
  } catch {
    return false
  }
}
