// Says when live updates are paused, and offers to reconnect at once.
import { useChat } from "./store";

export function ConnectionBanner() {
  const store = useChat();
  if (store.connection !== "reconnecting") return null;
  return (
    <div class="banner" role="status">
      Connection lost: reconnecting… Nothing you missed is lost.
      <button type="button" class="quiet" onClick={() => store.reconnect()}>
        Reconnect now
      </button>
    </div>
  );
}
