// The wallet: balances per currency, every entry (newest first, a page at a time), and the
// payments apps asked for.
import { useEffect, useState } from "preact/hooks";
import { request } from "../api/graphql";
import { WalletHistoryQuery, WalletPaymentsQuery, WalletQuery } from "../api/people";
import type { WalletQuery as WalletResult } from "../gql/graphql";
import { explain } from "../people/errors";
import { dateTime } from "../people/dates";
import "../people/people.css";

type Wallet = WalletResult["wallet"];
type Entry = Wallet["history"]["nodes"][number];
type Payment = Wallet["payments"]["nodes"][number];
interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

const PAGE = 20;
const KIND: Record<string, string> = { TOP_UP: "Top-up", PAYMENT: "Payment", REFUND: "Refund" };
const STATUS: Record<string, string> = {
  PENDING: "Waiting",
  COMPLETED: "Paid",
  DECLINED: "Declined",
  EXPIRED: "Expired",
};

export function Wallet() {
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    request(WalletQuery, { first: PAGE }).then((data) => setWallet(data.wallet), (e) => setError(explain(e)));
  }, []);

  return (
    <section class="people-page wallet" aria-labelledby="wallet-title">
      <h1 id="wallet-title">Wallet</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!wallet ? (
        !error && <p class="loading">Loading your wallet…</p>
      ) : (
        <>
          <section aria-labelledby="balances-title">
            <h2 id="balances-title">Balances</h2>
            {wallet.balances.length === 0 ? (
              <p class="muted">Your wallet is empty.</p>
            ) : (
              <ul class="balances">
                {wallet.balances.map((money) => (
                  <li key={money.currency}>
                    <span class="currency">{money.currency}</span>
                    <span class="amount">{money.formatted}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <History first={wallet.history} />
          <Payments first={wallet.payments} />
        </>
      )}
    </section>
  );
}

/** A connection shown a page at a time: the nodes so far and "Load more". */
function usePages<T>(first: Page<T>, more: (after: string) => Promise<Page<T>>) {
  const [page, setPage] = useState(first);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loadMore = async () => {
    if (!page.pageInfo.endCursor) return;
    setBusy(true);
    setError(null);
    try {
      const next = await more(page.pageInfo.endCursor);
      setPage({ nodes: [...page.nodes, ...next.nodes], pageInfo: next.pageInfo });
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  return { page, busy, error, loadMore };
}

function LoadMore({ pages, what }: { pages: ReturnType<typeof usePages<unknown>>; what: string }) {
  return (
    <>
      {pages.error && (
        <p class="error" role="alert">
          {pages.error}
        </p>
      )}
      {pages.page.pageInfo.hasNextPage && (
        <button type="button" class="quiet load-more" disabled={pages.busy} onClick={pages.loadMore}>
          {pages.busy ? "Loading…" : `Load more ${what}`}
        </button>
      )}
    </>
  );
}

function History({ first }: { first: Page<Entry> }) {
  const pages = usePages(first, async (after) =>
    (await request(WalletHistoryQuery, { first: PAGE, after })).wallet.history,
  );
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {pages.page.nodes.length === 0 ? (
        <p class="muted">Nothing has moved in your wallet yet.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Wallet history, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
                <th scope="col" class="number">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {pages.page.nodes.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                  </td>
                  <td>{KIND[entry.kind] ?? entry.kind}</td>
                  <td>{entry.memo}</td>
                  <td class={`number ${Number(entry.amount.amount) < 0 ? "out" : "in"}`}>
                    {entry.amount.formatted}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={pages as ReturnType<typeof usePages<unknown>>} what="history" />
    </section>
  );
}

function Payments({ first }: { first: Page<Payment> }) {
  const pages = usePages(first, async (after) =>
    (await request(WalletPaymentsQuery, { first: PAGE, after })).wallet.payments,
  );
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">Payments</h2>
      {pages.page.nodes.length === 0 ? (
        <p class="muted">No app has asked you for money yet.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Payment requests, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">App</th>
                <th scope="col">For</th>
                <th scope="col">Status</th>
                <th scope="col" class="number">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {pages.page.nodes.map((payment) => (
                <tr key={payment.id}>
                  <td>
                    <time dateTime={payment.createdAt}>{dateTime(payment.createdAt)}</time>
                  </td>
                  <td>{payment.app}</td>
                  <td>
                    {payment.description}
                    <span class="muted reference"> · {payment.reference}</span>
                  </td>
                  <td>
                    <span class={`status ${payment.status.toLowerCase()}`}>
                      {STATUS[payment.status] ?? payment.status}
                    </span>
                    {Number(payment.refunded.amount) > 0 && (
                      <span class="muted"> · {payment.refunded.formatted} refunded</span>
                    )}
                  </td>
                  <td class="number">{payment.amount.formatted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={pages as ReturnType<typeof usePages<unknown>>} what="payments" />
    </section>
  );
}
