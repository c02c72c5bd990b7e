import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { getMe } from "@/lib/services/me";

export const GET = withApi(endpoints.me, async ({ principal }) => getMe(principal));
