import { useCallback, useEffect, useState } from "react";
import { ApiError, send, type Document } from "./api";

export type QueryState<R> = {
  data?: R;
  error?: ApiError;
  loading: boolean;
  // reload runs the query again (after a write); setData takes a new value from a mutation's answer.
  reload: () => void;
  setData: (data: R) => void;
};

export type QueryOptions = {
  // skip sends nothing (nobody signed in, nothing asked yet): the state stays as it is.
  skip?: boolean;
  // reloadOn runs the query again when it changes, for what the answer depends on beyond its
  // variables (the signed-in account, whose session cookie the server reads).
  reloadOn?: string | number | null;
};

// useQuery runs a typed GraphQL document when its variables change, and can run it again. A
// request still running when the page is left, or when another replaces it, is aborted and its
// answer ignored.
// Only typed documents (graphql() from ./gql) are accepted: the result's type comes from the
// schema, never from a cast.
export function useQuery<R, V>(doc: Document<R, V>, variables: V, { skip = false, reloadOn = null }: QueryOptions = {}): QueryState<R> {
  const [state, setState] = useState<{ data?: R; error?: ApiError; loading: boolean }>({ loading: !skip });
  const [tick, setTick] = useState(0);
  // The variables, compared by value: a page passes a new object at each render.
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (skip) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    send(doc, JSON.parse(key) as V, abort.signal)
      .then((data) => !abort.signal.aborted && setState({ data, loading: false }))
      .catch((error: ApiError) => !abort.signal.aborted && setState({ error, loading: false }));
    return () => abort.abort();
  }, [doc, key, skip, reloadOn, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((data: R) => setState({ data, loading: false }), []);
  return { ...state, reload, setData };
}
