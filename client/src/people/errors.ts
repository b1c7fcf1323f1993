// What souq's refusals mean to the person reading them.
import { ApiError } from "../api/graphql";

const PAYMENT_HINTS: Record<string, string> = {
  INSUFFICIENT_FUNDS: "Not enough money in your wallet: nothing was paid, and you can pay later.",
  PAYMENT_EXPIRED: "This request has expired: ask the app again.",
  PAYMENT_DECLINED: "You declined this request.",
  ALREADY_PAID: "This request is already paid.",
};

/** The text to show for a failure: souq's message, with a hint for payment refusals. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const hint = PAYMENT_HINTS[error.code];
  return hint ? `${hint} (${error.message})` : error.message;
}
