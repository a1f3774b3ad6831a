import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { createFakeApi } from '../../fakes/fake-api'
import type { Tenant } from '../../../preload/contract/models'
import { setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'
import { selectSelectedTenant, selectStorageCorrupt, selectTenantsNeedingSecret, sortTenants } from '../../../renderer/src/store/selectors'
import { TenantForm } from '../../../renderer/src/features/tenants/TenantForm'

const t = (id: string, name: string, environment: Tenant['environment'], state: Tenant['accountSecret']['state'] = 'set'): Tenant => ({
  id,
  name,
  environment,
  sahhaClientId: 'cid',
  accountSecret: { state },
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z'
})

describe('store selectors', () => {
  it('orders production first, then sandbox, then demo, by name', () => {
    const sorted = sortTenants([t('t_000001', 'Zeta', 'demo'), t('t_000002', 'Beta', 'sandbox'), t('t_000003', 'Alpha', 'production'), t('t_000004', 'Aa', 'sandbox')])
    expect(sorted.map((x) => x.name)).toEqual(['Alpha', 'Aa', 'Beta', 'Zeta'])
  })

  it('finds the selected tenant, the ones needing a secret, and a corrupt store', () => {
    useStore.setState({ tenants: [t('t_000001', 'A', 'sandbox'), t('t_000002', 'B', 'production', 'missing')], selectedTenantId: 't_000002' })
    const s = useStore.getState()
    expect(selectSelectedTenant(s)?.name).toBe('B')
    expect(selectTenantsNeedingSecret(s).map((x) => x.name)).toEqual(['B'])
    expect(selectStorageCorrupt(s)).toBe(false)
    useStore.setState({ tenantsError: { code: 'STORAGE_CORRUPT', message: 'x', retryable: false } })
    expect(selectStorageCorrupt(useStore.getState())).toBe(true)
  })
})

describe('TenantForm', () => {
  it('sends the secret once, keeps it out of the store and attributes, and keeps the rest after a failure', async () => {
    const api = createFakeApi({
      'tenants.create': () => ({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'The OS keychain could not be reached: locked', remedy: 'Unlock your keychain', retryable: true } })
    })
    const calls = api.calls
    setApiForTests(api)
    const { container } = render(<TenantForm onDone={() => undefined} />)
    fireEvent.change(screen.getByTestId('tenant-name'), { target: { value: 'Acme' } })
    fireEvent.change(screen.getByTestId('tenant-client-id'), { target: { value: 'acme-cid' } })
    fireEvent.change(screen.getByTestId('tenant-client-secret'), { target: { value: 'super-secret-value-123' } })
    fireEvent.click(screen.getByTestId('tenant-save'))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('keychain could not be reached'))
    expect(calls).toHaveLength(1)
    expect(calls[0]!.input).toMatchObject({ name: 'Acme', sahhaClientSecret: 'super-secret-value-123' })
    expect(screen.getByTestId<HTMLInputElement>('tenant-name').value).toBe('Acme')
    expect(screen.getByTestId<HTMLInputElement>('tenant-client-id').value).toBe('acme-cid')
    expect(container.innerHTML).not.toContain('super-secret-value-123')
    expect(JSON.stringify(useStore.getState())).not.toContain('super-secret-value-123')
    setApiForTests(null)
  })

  it('creates a Demo tenant as "documented API only" when the box is ticked, and offers the box only on Demo', async () => {
    const api = createFakeApi({ 'tenants.create': () => ({ ok: false, error: { code: 'VALIDATION', message: 'stop here', retryable: false } }) })
    const calls = api.calls
    setApiForTests(api)
    render(<TenantForm onDone={() => undefined} />)
    expect(screen.queryByTestId('tenant-documented-only')).toBeNull()
    fireEvent.click(screen.getByTestId('tenant-env-demo'))
    fireEvent.change(screen.getByTestId('tenant-name'), { target: { value: 'Docs' } })
    fireEvent.change(screen.getByTestId('tenant-client-id'), { target: { value: 'demo-account-client-id' } })
    fireEvent.change(screen.getByTestId('tenant-client-secret'), { target: { value: 'demo-account-secret-42' } })
    fireEvent.click(screen.getByTestId('tenant-documented-only'))
    fireEvent.click(screen.getByTestId('tenant-save'))
    await waitFor(() => expect(calls).toHaveLength(1))
    expect(calls[0]!.input).toMatchObject({ environment: 'demo', documentedOnly: true })
    setApiForTests(null)
  })
})
