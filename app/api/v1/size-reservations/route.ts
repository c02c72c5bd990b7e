import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { createReservation, listReservations } from "@/lib/services/catalog/size-reservations";

export const GET = withApi(endpoints.listReservations, async ({ actor, query }) => listReservations(actor, query));
export const POST = withApi(endpoints.createReservation, async ({ actor, body }) => createReservation(actor, body));
