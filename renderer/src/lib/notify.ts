/** A desktop notification when the window is not in front and the operator allowed them; otherwise nothing. */
export function notifyIfAway(title: string, body: string): boolean {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return false
  new Notification(title, { body })
  return true
}
