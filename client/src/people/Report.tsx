// Under an app's business message: why it reached you, and reporting it as spam.
import { useState } from "preact/hooks";
import { request } from "../api/graphql";
import { ReportMessage } from "../api/people";
import { chat, type Message } from "../chat/store";
import { Sheet } from "../ui/Sheet";
import { explain } from "./errors";
import "./people.css";

type Why = NonNullable<Message["why"]>;

export function WhyLine({ message, why }: { message: Message; why: Why }) {
  const [open, setOpen] = useState(false);
  const appName = message.app?.name ?? "this app";
  return (
    <>
    <p class="why">
      {why.text}{" "}
      {why.reported ? (
        <span class="reported">Reported</span>
      ) : (
        <button type="button" class="link" onClick={() => setOpen(true)}>
          Report
        </button>
      )}
    </p>
      {open && <ReportSheet message={message} appName={appName} onClose={() => setOpen(false)} />}
    </>
  );
}

function ReportSheet({
  message,
  appName,
  onClose,
}: {
  message: Message;
  appName: string;
  onClose: () => void;
}) {
  const [block, setBlock] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const report = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = await request(ReportMessage, { messageId: message.id, block });
      chat.receive({ ...message, why: data.reportMessage });
      onClose();
    } catch (e) {
      setError(explain(e));
      setBusy(false);
    }
  };

  return (
    <Sheet title="Report this message" onClose={onClose}>
      <form class="stack" onSubmit={report}>
        <p>
          Report this message from {appName} as unwanted. Reports lower the app's rating, which
          limits whom it may message.
        </p>
        <label class="check">
          <input
            type="checkbox"
            checked={block}
            onChange={(e) => setBlock((e.currentTarget as HTMLInputElement).checked)}
          />
          Also block {appName}
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="danger" disabled={busy}>
            Report
          </button>
          <button type="button" class="quiet" disabled={busy} onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Sheet>
  );
}
