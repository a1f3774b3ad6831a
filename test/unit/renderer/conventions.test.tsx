import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import type { IntegrationView, Tenant } from '../../../preload/contract/models'
import { pickHost, setApiForTests } from '../../../renderer/src/lib/api'
import { timeAgo } from '../../../renderer/src/lib/relative-time'
import { asOfLabel } from '../../../renderer/src/features/connections/ConnectionsView'
import { ConnectUser } from '../../../renderer/src/features/connections/ConnectUser'
import { RemoveTenantDialog } from '../../../renderer/src/features/tenants/RemoveTenantDialog'
import { useStore } from '../../../renderer/src/store'
import { createFakeApi } from '../../fakes/fake-api'
import type { Api } from '../../../preload/create-api'

const tenant: Tenant = {
  id: 't_conv0001',
  name: 'Acme',
  environment: 'sandbox',
  sahhaClientId: 'cid',
  accountSecret: { state: 'set' },
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z'
}

describe('lib/api picks its host explicitly', () => {
  it('IPC when the preload is there, the bridge only over http:, and a loud refusal otherwise', () => {
    const api = {} as Api
    expect(pickHost({ api, location: { protocol: 'file:' } })).toBe('ipc')
    expect(pickHost({ location: { protocol: 'http:' } })).toBe('bridge')
    expect(() => pickHost({ location: { protocol: 'file:' } })).toThrow(/preload is missing.*not served by the app's browser-mode bridge \(protocol file:\)/)
    expect(() => pickHost({ location: { protocol: 'https:' } })).toThrow(/protocol https:/)
  })
})

describe('timeAgo (Intl.RelativeTimeFormat)', () => {
  const now = Date.parse('2026-12-02T12:00:00Z')
  it('says just now, minutes, hours up to two days, then days; a dash for never', () => {
    expect(timeAgo('2026-12-02T11:59:40Z', { now })).toBe('just now')
    expect(timeAgo('2026-12-02T11:55:00Z', { now })).toBe('5 min. ago')
    expect(timeAgo('2026-12-02T10:00:00Z', { now })).toBe('2 hr. ago')
    expect(timeAgo('2026-11-29T12:00:00Z', { now })).toBe('3 days ago')
    expect(timeAgo(null, { now })).toBe('—')
    expect(timeAgo('2026-12-02T10:00:00Z', { now, locale: 'fr' })).toMatch(/^il y a 2\sh$/)
  })

  it('is what the Connections "as of" label says: its age by the same helper, and a sync stamped after now is "just now"', () => {
    const now = Date.parse('2026-12-02T12:00:00Z')
    expect(asOfLabel('2026-12-02T05:00:00Z', now)).toMatch(/^as of \d{2}:\d{2}, 7 hr\. ago$/)
    expect(asOfLabel('2026-12-02T12:02:00Z', now)).toMatch(/^as of \d{2}:\d{2}, just now$/)
  })
})

describe('Return the user to (K.13)', () => {
  it('lists the default redirect once: as the default, not again among the choices', async () => {
    const whitelist = ['https://acme.example/cb', 'https://acme.example/other', 'acme://oauth']
    const view = { config: { redirectUrlWhitelist: whitelist } } as unknown as IntegrationView
    setApiForTests(createFakeApi({ 'integrations.get': () => ({ ok: true, value: view }) }))
    render(<ConnectUser tenant={tenant} />)
    const select = screen.getByTestId<HTMLSelectElement>('conn-connect-redirect')
    await waitFor(() => expect(select.dataset.state).toBe('ready'))
    const options = [...select.options].map((o) => o.textContent)
    expect(options).toEqual(['Default: https://acme.example/cb', 'https://acme.example/other', 'acme://oauth'])
    expect(options.filter((o) => o?.includes('https://acme.example/cb'))).toHaveLength(1)
  })
})

describe('modals are native dialogs', () => {
  function Opener() {
    const [open, setOpen] = useState(false)
    return (
      <>
        <button type="button" onClick={() => setOpen(true)} data-testid="opener">
          Remove…
        </button>
        {open && <RemoveTenantDialog tenant={tenant} onClose={() => setOpen(false)} />}
      </>
    )
  }

  it('opens as a <dialog>, keeps Tab inside it, closes on Escape and gives the focus back', async () => {
    useStore.setState({ tenants: [tenant] })
    render(<Opener />)
    const opener = screen.getByTestId('opener')
    opener.focus()
    fireEvent.click(opener)
    const dialog = await screen.findByTestId('remove-dialog')
    expect(dialog.tagName).toBe('DIALOG')
    expect(dialog.hasAttribute('open')).toBe(true)
    const input = screen.getByTestId('remove-confirm')
    expect(document.activeElement).toBe(input)
    fireEvent.change(input, { target: { value: 'Acme' } })
    // Tab from the last control wraps to the first; Shift+Tab from the first to the last.
    const cancel = screen.getByText('Cancel')
    cancel.focus()
    fireEvent.keyDown(cancel, { key: 'Tab' })
    expect(document.activeElement).toBe(input)
    fireEvent.keyDown(input, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(cancel)
    fireEvent.keyDown(cancel, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByTestId('remove-dialog')).toBeNull())
    expect(document.activeElement).toBe(opener)
  })
})
