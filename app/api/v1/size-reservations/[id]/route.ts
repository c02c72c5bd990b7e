import { endpoints } from "@/lib/contracts/endpoints";
import { withApi } from "@/lib/http/with-api";
import { deleteReservation, getReservation, updateReservation } from "@/lib/services/catalog/size-reservations";

export const GET = withApi(endpoints.getReservation, async ({ actor, params }) => getReservation(actor, params.id));
export const PATCH = withApi(endpoints.updateReservation, async ({ actor, params, body }) => updateReservation(actor, params.id, body));
export const DELETE = withApi(endpoints.deleteReservation, async ({ actor, params }) => deleteReservation(actor, params.id));
