import { useShallow } from 'zustand/react/shallow'
import type { StorageFileStatus } from '../../../../preload/contract/models'
import { useStore } from '../../store'
import { selectDamagedFiles } from '../../store/selectors'
import { ErrorBox } from '../../components/ErrorBox'

function DamagedFile({ file }: { file: StorageFileStatus }) {
  const resetting = useStore((s) => s.storageReset.file)
  const resetStorageFile = useStore((s) => s.resetStorageFile)
  const canReset = file.state === 'corrupt' && file.backupPath !== undefined
  return (
    <li data-testid={`storage-file-${file.id}`} data-state={file.state}>
      <strong>
        The {file.label} file {file.state === 'newer' ? 'was written by a newer version of the app' : file.state === 'unreadable' ? 'cannot be opened' : 'is damaged'} and
        was not changed.
      </strong>
      {file.message && <p>{file.message}</p>}
      <p>
        File: <code>{file.path}</code>
        {file.backupPath && (
          <>
            {' '}
            · copy kept at <code>{file.backupPath}</code>
          </>
        )}
      </p>
      {file.remedy && !canReset && <p className="remedy">{file.remedy}</p>}
      {canReset && (
        <button type="button" className="danger" disabled={resetting !== null} onClick={() => void resetStorageFile(file.id)} data-testid={`storage-reset-${file.id}`}>
          {resetting === file.id ? 'Setting it aside…' : file.id === 'audit-log' ? 'Drop unreadable lines' : 'Start fresh'}
        </button>
      )}
    </li>
  )
}

/**
 * One line per damaged local file (settings, drafts, onboarding, window state, audit log), each with
 * its path, its backup and its own reset: a damaged drafts file is repaired without touching settings.
 */
export function StorageRecoveryBanner() {
  const files = useStore(useShallow(selectDamagedFiles))
  const error = useStore((s) => s.storageReset.error)
  if (files.length === 0 && !error) return null
  return (
    <div className="banner danger" role="alert" data-testid="storage-corrupt">
      {files.length > 0 && (
        <>
          <p>
            {files.length === 1 ? 'A file' : `${files.length} files`} the app keeps on this computer could not be read. Restore a good copy and reload, or start
            that file fresh (the damaged copy stays as a backup).
          </p>
          <ul className="storage-files">
            {files.map((f) => (
              <DamagedFile key={f.id} file={f} />
            ))}
          </ul>
        </>
      )}
      {error && <ErrorBox error={error} />}
    </div>
  )
}
