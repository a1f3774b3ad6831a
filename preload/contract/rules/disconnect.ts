/**
 * What disconnecting does for one user, said before the operator confirms: whether there is an Oura
 * token left to revoke depends on the user's state and last error.
 */
export function disconnectOutcome(d: { state: string; providerUserId?: string | null; lastError?: { code?: string | null } | null }): { revokes: boolean; text: string } {
  const code = d.lastError?.code ?? ''
  if (d.state === 'pending' || !d.providerUserId) {
    return { revokes: false, text: 'This user never completed the Oura consent: there is no Oura token to revoke. Disconnecting cancels the pending connection.' }
  }
  if (d.state === 'needs_reauth') {
    return { revokes: false, text: "Oura already refuses this user's token (needs re-authorization): there is no working token to revoke. Disconnecting stops Sahha retrying; data already ingested stays." }
  }
  if (code === 'invalid_client' || code === 'invalid_request') {
    return { revokes: false, text: "Oura refuses the integration's credentials, so the token cannot be revoked at Oura now. Disconnecting stops syncing for this user; data already ingested stays." }
  }
  return { revokes: true, text: "Disconnecting stops syncing and revokes this user's Oura token; data already ingested stays. The user needs a new link to come back." }
}
