// One message: who, when, the text, an app's card or list with buttons, a payment card;
// everything is rendered as text, never as HTML.
import { useState } from "preact/hooks";
import { ApiError, request } from "../api/graphql";
import { PressButton } from "../api/chat";
import { chat, type Message, type Pending } from "./store";
import { shortTime } from "./names";
import { PaymentCardView } from "../people/Payment";
import { WhyLine } from "../people/Report";

type Content = NonNullable<Message["content"]>;
type Button = { id: string; label: string };

export function MessageView({ message, mine }: { message: Message; mine: boolean }) {
  const from = message.app ? message.app.name : (message.sender?.displayName ?? "someone");
  const souq = message.app?.slug === "souq";
  const classes = ["message", mine ? "mine" : "theirs", message.app ? "from-app" : "", souq ? "from-souq" : ""];
  return (
    <li class={classes.join(" ")} data-seq={message.seq}>
      <div class="meta">
        {souq ? <span class="from badge souq">souq</span> : <span class="from">{from}</span>}
        <time dateTime={message.createdAt}>{shortTime(message.createdAt)}</time>
        {message.private && <span class="badge private">Only you can see this</span>}
      </div>
      {message.deleted ? (
        <p class="body deleted">This message was deleted.</p>
      ) : (
        <>
          {message.body && <p class="body">{message.body}</p>}
          {message.content && <ContentView message={message} content={message.content} />}
        </>
      )}
      {message.why && <WhyLine message={message} why={message.why} />}
    </li>
  );
}

function ContentView({ message, content }: { message: Message; content: Content }) {
  switch (content.__typename) {
    case "Card":
      return (
        <div class="card">
          <h3>{content.title}</h3>
          {content.body && <p>{content.body}</p>}
          {content.fields.length > 0 && (
            <dl>
              {content.fields.map((f, i) => (
                <div key={i}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
          )}
          <Buttons message={message} buttons={content.buttons} />
        </div>
      );
    case "ListContent":
      return (
        <div class="card list">
          <h3>{content.title}</h3>
          <ul>
            {content.items.map((item, i) => (
              <li key={i}>
                <strong>{item.title}</strong>
                {item.body && <p>{item.body}</p>}
                <Buttons message={message} buttons={item.buttons} />
              </li>
            ))}
          </ul>
        </div>
      );
    case "PaymentCard":
      return <PaymentCardView message={message} card={content} />;
    default:
      return null;
  }
}

function Buttons({ message, buttons }: { message: Message; buttons: Button[] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (buttons.length === 0) return null;
  const press = async (button: Button) => {
    setBusy(button.id);
    setError(null);
    try {
      const data = await request(PressButton, {
        messageId: message.id,
        buttonId: button.id,
        clientId: crypto.randomUUID(),
      });
      chat.receive(data.pressButton);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div class="buttons">
      {buttons.map((b) => (
        <button key={b.id} type="button" disabled={busy !== null} onClick={() => press(b)}>
          {b.label}
        </button>
      ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A message typed here that souq has not acknowledged: sending, or failed with a retry. */
export function PendingView({ pending }: { pending: Pending }) {
  return (
    <li class={`message mine pending ${pending.state}`}>
      <p class="body">{pending.body}</p>
      {pending.state === "sending" ? (
        <p class="state">Sending…</p>
      ) : (
        <p class="state" role="alert">
          Not sent: {pending.error}{" "}
          <button type="button" class="quiet" onClick={() => chat.retrySend(pending)}>
            Retry
          </button>
          <button
            type="button"
            class="quiet"
            onClick={() => chat.drop(pending.conversationId, pending.clientMessageId)}
          >
            Discard
          </button>
        </p>
      )}
    </li>
  );
}
