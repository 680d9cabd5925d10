import { type SyntheticEvent, useEffect, useRef } from 'react';

/**
 * The props of a `<dialog>` that opens modal once mounted and closes only through its owner: Escape
 * (the `cancel` event) calls `onClose`, so React state, not the browser, says whether it is open.
 * Spread them on the element: `<dialog {...useModalDialog(onClose)} …>`.
 */
export function useModalDialog(onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = ref.current;
    if (element !== null && !element.open) element.showModal();
  }, []);

  return {
    ref,
    onCancel(event: SyntheticEvent<HTMLDialogElement>) {
      event.preventDefault();
      onClose();
    },
  };
}
