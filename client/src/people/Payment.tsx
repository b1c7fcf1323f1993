// A payment card in the chat: its status, and for the person asked a "Pay…" button that
// opens a confirmation sheet (who asks, what for, how much, your balance; Pay or Decline).
import { useEffect, useRef, useState } from "preact/hooks";
import { request } from "../api/graphql";
import { BalancesQuery, ConfirmPayment, DeclinePayment } from "../api/people";
import type { MoneyFieldsFragment as Money } from "../gql/graphql";
import { Sheet } from "../ui/Sheet";
import { useChat, type Message } from "../chat/store";
import { explain } from "./errors";
import "./people.css";

type PaymentCard = Extract<NonNullable<Message["content"]>, { __typename?: "PaymentCard" }>;

const STATUS: Record<string, string> = {
  PENDING: "Waiting for payment",
  COMPLETED: "Paid",
  DECLINED: "Declined",
  EXPIRED: "Expired",
};

const keyName = (requestId: string) => `souq.pay.${requestId}`;

/** The idempotency key of paying `requestId` from this tab: made once, kept for retries
 * until souq has answered. */
function paymentKey(requestId: string): string {
  const name = keyName(requestId);
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}

export function PaymentCardView({ message, card }: { message: Message; card: PaymentCard }) {
  const store = useChat();
  const [open, setOpen] = useState(false);
  const [decided, setDecided] = useState<string | null>(null);
  const element = useRef<HTMLDivElement>(null);
  // Once paid or declined the button is gone: the focus goes to the card it was on.
  useEffect(() => {
    if (decided && !open) element.current?.focus();
  }, [decided, open]);
  // souq's event updates the card; until it arrives, what the mutation answered stands.
  const status = card.status === "PENDING" && decided ? decided : card.status;
  const asked = message.invoker?.id === store.me?.id;
  return (
    <div class="card payment" ref={element} tabIndex={-1}>
      <h3>
        {card.description} · {card.amount.formatted}
      </h3>
      <p class={`status ${status.toLowerCase()}`}>{STATUS[status] ?? status}</p>
      {status === "PENDING" && asked && (
        <div class="buttons">
          <button type="button" class="pay" onClick={() => setOpen(true)}>
            Pay…
          </button>
        </div>
      )}
      {open && (
        <PaymentSheet
          appName={message.app?.name ?? "An app"}
          card={card}
          onDone={(result) => {
            if (result) setDecided(result);
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}

function PaymentSheet({
  appName,
  card,
  onDone,
}: {
  appName: string;
  card: PaymentCard;
  onDone: (status: string | null) => void;
}) {
  const [balance, setBalance] = useState<Money | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const currency = card.amount.currency;

  useEffect(() => {
    request(BalancesQuery).then(
      (data) => setBalance(data.wallet.balances.find((m) => m.currency === currency) ?? null),
      (e) => setError(explain(e)),
    );
  }, [currency]);

  const act = async (pay: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const id = card.paymentRequestId;
      const result = pay
        ? (await request(ConfirmPayment, { requestId: id, idempotencyKey: paymentKey(id) })).confirmPayment
        : (await request(DeclinePayment, { requestId: id })).declinePayment;
      sessionStorage.removeItem(keyName(id));
      onDone(result.status);
    } catch (e) {
      setError(explain(e));
      setBusy(false);
    }
  };

  const short = balance !== undefined && Number(balance?.amount ?? 0) < Number(card.amount.amount);
  return (
    <Sheet title="Confirm payment" onClose={() => onDone(null)} class="payment-sheet">
      <dl class="facts">
        <div>
          <dt>Who asks</dt>
          <dd>{appName}</dd>
        </div>
        <div>
          <dt>What for</dt>
          <dd>{card.description}</dd>
        </div>
        <div>
          <dt>Amount</dt>
          <dd class="amount">{card.amount.formatted}</dd>
        </div>
        <div>
          <dt>Your balance</dt>
          <dd>
            {balance === undefined
              ? "Loading…"
              : balance === null
                ? `No ${currency} in your wallet`
                : balance.formatted}
          </dd>
        </div>
      </dl>
      {short && <p class="hint">That is more than you have in {currency}.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => act(true)}>
          Pay {card.amount.formatted}
        </button>
        <button type="button" class="quiet" disabled={busy} onClick={() => act(false)}>
          Decline
        </button>
      </div>
    </Sheet>
  );
}
