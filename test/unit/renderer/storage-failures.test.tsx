import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApi, type Invoke } from '../../../preload/create-api'
import { setApiForTests } from '../../../renderer/src/lib/api'
import { useStore } from '../../../renderer/src/store'
import { TenantForm } from '../../../renderer/src/features/tenants/TenantForm'
import { StorageRecoveryBanner } from '../../../renderer/src/features/storage/StorageRecoveryBanner'
import { createMemorySecretStore } from '../../fakes/memory-secret-store'
import { createFailingFs } from '../../fakes/failing-fs'
import { composeOn } from '../../soak/scenarios'

/** The real main side (compose, dispatch, services, files in a temp folder) behind the renderer's api. */
async function realMain(overrides: Parameters<typeof composeOn>[2] = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sia-rstore-'))
  const app = await composeOn(dir, createMemorySecretStore(), overrides)
  const invoke: Invoke = (channel, input) => app.dispatch(channel, input, { kind: 'test' }) as never
  setApiForTests(createApi(invoke, () => () => undefined))
  return { dir, app }
}
afterEach(() => setApiForTests(null))

describe('storage failures on screen', () => {
  it('a full disk on "Add tenant": the form shows the typed STORAGE_WRITE_FAILED with the path and remedy, and keeps everything the operator typed', async () => {
    const fs = createFailingFs()
    const { dir, app } = await realMain({ storageFs: fs })
    fs.fail = 'ENOSPC'
    render(<TenantForm onDone={() => undefined} />)
    fireEvent.change(screen.getByTestId('tenant-name'), { target: { value: 'Typed Health' } })
    fireEvent.click(screen.getByTestId('tenant-env-production'))
    fireEvent.change(screen.getByTestId('tenant-client-id'), { target: { value: 'typed-client-id' } })
    fireEvent.change(screen.getByTestId('tenant-client-secret'), { target: { value: 'typed-secret-value-77' } })
    fireEvent.click(screen.getByTestId('tenant-save'))
    const box = await screen.findByTestId('error-box')
    expect(box.getAttribute('data-code')).toBe('STORAGE_WRITE_FAILED')
    expect(box.textContent).toContain(join(dir, 'settings.json'))
    expect(box.textContent).toMatch(/the disk is full \(ENOSPC\)/)
    expect(box.textContent).toMatch(/Free some space/)
    expect((screen.getByTestId('tenant-name') as HTMLInputElement).value).toBe('Typed Health')
    expect((screen.getByTestId('tenant-env-production') as HTMLInputElement).checked).toBe(true)
    expect((screen.getByTestId('tenant-client-id') as HTMLInputElement).value).toBe('typed-client-id')
    expect((screen.getByTestId('tenant-client-secret') as HTMLInputElement).value).toBe('typed-secret-value-77')

    // Space freed: the same click saves what is still in the form.
    fs.fail = null
    fireEvent.click(screen.getByTestId('tenant-save'))
    await waitFor(async () => expect(await readFile(join(dir, 'settings.json'), 'utf8')).toContain('Typed Health'))
    await app.close()
  })

  it('the recovery banner lists each damaged file with its backup, and "Start fresh" resets only that file', async () => {
    const { dir, app } = await realMain()
    await writeFile(join(dir, 'drafts.json'), 'damaged drafts')
    await writeFile(join(dir, 'onboarding.json'), 'damaged onboarding')
    await useStore.getState().loadAppInfo()
    render(<StorageRecoveryBanner />)
    const drafts = await screen.findByTestId('storage-file-drafts')
    expect(drafts.textContent).toMatch(/integration drafts file is damaged/)
    expect(drafts.textContent).toContain(join(dir, 'drafts.json'))
    expect(drafts.textContent).toMatch(/drafts\.json\.corrupt-/)
    expect(screen.getByTestId('storage-file-onboarding')).toBeTruthy()
    expect(screen.queryByTestId('storage-file-settings')).toBeNull()

    fireEvent.click(screen.getByTestId('storage-reset-drafts'))
    await waitFor(() => expect(screen.queryByTestId('storage-file-drafts')).toBeNull())
    expect(screen.getByTestId('storage-file-onboarding')).toBeTruthy()
    expect(await readFile(join(dir, 'onboarding.json'), 'utf8')).toBe('damaged onboarding')
    fireEvent.click(screen.getByTestId('storage-reset-onboarding'))
    await waitFor(() => expect(screen.queryByTestId('storage-corrupt')).toBeNull())
    await app.close()
  })
})
