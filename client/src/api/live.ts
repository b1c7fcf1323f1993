// Live events over WebSocket (graphql-transport-ws). The socket is authenticated by the
// session cookie of the same origin. When it drops, the caller resubscribes with `after`
// (what it has already seen), so nothing is lost or doubled.
import { createClient, type Client } from "graphql-ws";
import type { TypedDocumentString } from "../gql/graphql";

let client: Client | null = null;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/graphql`;
}

function liveClient(): Client {
  client ??= createClient({ url: socketUrl(), lazy: true, retryAttempts: 0 });
  return client;
}

/** Handlers of one subscription. `onEnd` is called once, with why it ended. */
export interface Sink<T> {
  onData(data: T): void;
  onOpen?(): void;
  onEnd(error: unknown): void;
}

/** Subscribe; returns a function that ends the subscription. */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  sink: Sink<TResult>,
): () => void {
  const live = liveClient();
  const stopOpened = live.on("connected", () => sink.onOpen?.());
  let ended = false;
  const end = (error: unknown) => {
    if (ended) return;
    ended = true;
    stopOpened();
    sink.onEnd(error);
  };
  const dispose = live.subscribe<TResult>(
    { query: document.toString(), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) end(result.errors[0]);
        else if (result.data) sink.onData(result.data);
      },
      error: end,
      complete: () => end(null),
    },
  );
  return () => {
    ended = true;
    stopOpened();
    dispose();
  };
}

/** Close the socket (signing out): the next subscription opens a new one. */
export function closeLive(): void {
  client?.dispose();
  client = null;
}
