// A modal dialog (the native <dialog>): the page behind is inert so focus stays inside,
// Escape closes it, and focus returns to what had it before it opened.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

let sheets = 0;

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
