import type { SecretStatus } from '../../../preload/contract/models'

/**
 * The one wording for where a secret stands in this machine's keychain, on every screen. A missing
 * entry and a locked (or unreachable) keychain are different faults with different fixes: typing the
 * secret again does not help a locked keychain, and unlocking does not bring back a deleted entry.
 */
export const SECRET_WORDING = {
  set: 'in this keychain',
  missing: 'not in this keychain',
  unavailable: 'keychain locked or unreachable'
} as const

export function secretStatusText(s: SecretStatus, remedy: { missing: string }): { text: string; bad: boolean } {
  if (s.state === 'set') return { text: `Set ${SECRET_WORDING.set}${s.last4 ? ` (ends …${s.last4})` : ''}`, bad: false }
  if (s.state === 'missing') return { text: `Not set: ${SECRET_WORDING.missing}; ${remedy.missing}`, bad: true }
  return { text: `Unknown: ${SECRET_WORDING.unavailable}; unlock your OS keychain, then reload`, bad: true }
}
