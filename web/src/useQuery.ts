import { useEffect, useState } from "react";
import { ApiError, gql } from "./api";

export type QueryState<T> = { data?: T; error?: ApiError; loading: boolean };

// useQuery runs a GraphQL query when its variables change.
export function useQuery<T>(query: string, variables: Record<string, unknown>): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ loading: true });
  const key = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    gql<T>(query, variables)
      .then((data) => live && setState({ data, loading: false }))
      .catch((error: ApiError) => live && setState({ error, loading: false }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, key]);
  return state;
}
