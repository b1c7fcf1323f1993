// Loading what a console page shows: the data, souq's error if the request failed, and a
// way to load it again after a change.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => Promise<void>;
}

/** Run ``load`` now and whenever ``deps`` change; keep the last data while reloading. */
export function useRequest<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const found = await load();
      if (ticket !== latest.current) return;
      setData(found);
      setError(null);
    } catch (e) {
      if (ticket === latest.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** The message of what a request threw, for the person to read. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
