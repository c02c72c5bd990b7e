import { type InfiniteData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BmcCommandDto, PowerActionInput } from "@/lib/contracts/bmc";
import type { Page } from "@/lib/http/pagination";
import { ApiError, api, unwrap } from "@/lib/api-client";
import { machineKeys } from "./keys";

/** Commands per page of the history: a day of a busy machine, without a long scroll. */
export const BMC_COMMANDS_PAGE = 10;

/**
 * The BMC panel (GET /machines/{id}/bmc). A 404 means "this machine has no BMC" (or the machine
 * is not the caller's, which the page has already handled): it is an answer, not a failure, so
 * it is not retried.
 */
export function useMachineBmc(id: string, refetchInterval: number) {
  return useQuery({
    queryKey: machineKeys.bmc(id),
    queryFn: () => unwrap(api.GET("/api/v1/machines/{id}/bmc", { params: { path: { id } } })),
    refetchInterval,
    retry: (count, err) => !(err instanceof ApiError && err.status === 404) && count < 3,
  });
}

/** The last 24 h of power draw (the panel's sparkline); under the machine's key, so live updates refresh it. */
export function usePowerReadings(id: string) {
  return useQuery({
    queryKey: machineKeys.powerReadings(id),
    queryFn: () => unwrap(api.GET("/api/v1/machines/{id}/power-readings", { params: { path: { id } } })),
  });
}

export const isNoBmc = (err: Error | null) => err instanceof ApiError && err.status === 404;

/** The command history, newest first, BMC_COMMANDS_PAGE at a time from the server's cursor. */
export function useBmcCommandPages(id: string, refetchInterval: number) {
  const query = useInfiniteQuery({
    queryKey: machineKeys.bmcCommands(id),
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/machines/{id}/bmc-commands", { params: { path: { id }, query: { limit: BMC_COMMANDS_PAGE, cursor: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval,
  });
  return { query, commands: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

type CommandPages = InfiniteData<Page<BmcCommandDto>, string | null>;

/** The server's 202 answer on top of the first page, unless a refetch already brought it. */
export function withNewCommands(data: CommandPages | undefined, commands: BmcCommandDto[]): CommandPages | undefined {
  if (!data || data.pages.length === 0) return data;
  const [first, ...rest] = data.pages;
  const known = new Set(data.pages.flatMap((p) => p.items.map((c) => c.id)));
  const fresh = commands.filter((c) => !known.has(c.id)).reverse(); // newest first, like the list
  return { ...data, pages: [{ ...first, items: [...fresh, ...first.items] }, ...rest] };
}

/**
 * POST /machines/{id}/power. The queued command the server answers with goes into the history
 * at once (the cache takes the server's own answer, nothing invented); the live stream then
 * moves it through running to succeeded or failed.
 */
export function usePowerAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PowerActionInput) => unwrap(api.POST("/api/v1/machines/{id}/power", { params: { path: { id } }, body })),
    onSuccess: async ({ commands }) => {
      qc.setQueryData<CommandPages>(machineKeys.bmcCommands(id), (data) => withNewCommands(data, commands));
      await qc.invalidateQueries({ queryKey: machineKeys.bmcCommands(id) });
    },
  });
}
