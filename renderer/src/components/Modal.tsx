import { useEffect, useRef, type ReactNode } from 'react'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A modal as a native `<dialog>` opened with showModal(): the rest of the page is inert, Esc closes
 * it (through `onClose`, so the owner decides), Tab and Shift+Tab stay inside it, and on close the
 * focus goes back to what had it before. The first `[autofocus]` field (else the first focusable
 * element) gets the focus on open.
 */
export function Modal({
  labelledBy,
  label,
  className,
  onClose,
  closeOnBackdrop = false,
  testId,
  children
}: {
  labelledBy?: string
  label?: string
  className?: string
  onClose: () => void
  /** A click outside the box closes it (the command palette); forms with typed input keep it open. */
  closeOnBackdrop?: boolean
  testId?: string
  children: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const onCloseRef = useRef(onClose)
  useEffect(() => {
    onCloseRef.current = onClose
  }, [onClose])

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    // jsdom has no showModal: the open attribute is the same dialog without the top layer.
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal()
    else dialog.setAttribute('open', '')
    const first = dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
    const onCancel = (e: Event) => {
      e.preventDefault()
      onCloseRef.current()
    }
    dialog.addEventListener('cancel', onCancel)
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      if (dialog.open && typeof dialog.close === 'function') dialog.close()
      else dialog.removeAttribute('open')
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={`card modal${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      aria-label={label}
      aria-modal="true"
      data-testid={testId}
      onMouseDown={(e) => {
        // The dialog box itself is the target only when the click lands on its ::backdrop.
        if (closeOnBackdrop && e.target === e.currentTarget) onClose()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          onClose()
          return
        }
        if (e.key !== 'Tab') return
        const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.closest('[hidden]') === null)
        const first = items[0]
        const last = items[items.length - 1]
        if (!first || !last) return
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault()
          last.focus()
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault()
          first.focus()
        }
      }}
    >
      {children}
    </dialog>
  )
}
