import { handlers } from "@/lib/auth/next-auth";
import { throttleSignIn } from "@/lib/auth/throttle-sign-in";

export const GET = throttleSignIn(handlers.GET);
export const POST = throttleSignIn(handlers.POST);
