// GraphQL over HTTP: every request is same-origin, authenticated by the session cookie,
// and marked as the web client's (the header souq requires before it honours the cookie).
import type { TypedDocumentString } from "../gql/graphql";

/** An error souq answered with: its message and machine-readable `code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const CLIENT_HEADER = { "X-Souq-Client": "web" } as const;

/** Dispatched on `window` when souq no longer knows this browser's session (signed out
 * elsewhere, the account deleted): the shell goes back to signing in. */
export const SIGNED_OUT = "souq:signed-out";

export function signedOut(): void {
  window.dispatchEvent(new Event(SIGNED_OUT));
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Run one query or mutation; resolves with its data or rejects with an ApiError. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/graphql-response+json, application/json",
        ...CLIENT_HEADER,
      },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError("souq cannot be reached: check your connection", "NETWORK");
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`souq answered ${response.status}`, "NETWORK");
  }
  const error = body.errors?.[0];
  if (error) {
    const code = String(error.extensions?.code ?? "ERROR");
    if (code === "UNAUTHENTICATED") signedOut();
    throw new ApiError(error.message, code, error.extensions ?? {});
  }
  if (!body.data) throw new ApiError("souq answered without data", "ERROR");
  return body.data;
}
