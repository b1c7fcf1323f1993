// A modal dialog (the native <dialog>): the page behind is inert and Tab goes round the
// dialog's own controls, Escape closes it, and focus returns to what had it before.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

let sheets = 0;

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Keep Tab and Shift+Tab inside `dialog` (the browser would move on to its own controls). */
function trapTab(event: KeyboardEvent, dialog: HTMLDialogElement): void {
  if (event.key !== "Tab") return;
  const controls = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  if (controls.length === 0) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** A modal titled `title`; `onClose` is called on Escape and on the close button. */
export function Sheet({
  title,
  onClose,
  children,
  class: className = "",
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  class?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useRef(`sheet-${++sheets}`);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => {
      dialog.current?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class={`sheet ${className}`}
      aria-labelledby={`${id.current}-title`}
      onKeyDown={(event) => dialog.current && trapTab(event, dialog.current)}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header>
        <h2 id={`${id.current}-title`}>{title}</h2>
        <button type="button" class="quiet close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div class="sheet-body">{children}</div>
    </dialog>
  );
}
