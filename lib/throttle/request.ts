import { headers } from "next/headers";
import { env } from "@/lib/env";
import { clientAddress } from "./client-address";

/**
 * The client address of the current request (server actions, route handlers). Outside a request
 * (a script or test calling an action directly) there is no address: "unknown".
 */
export async function requestClientAddress(): Promise<string> {
  let h: Headers;
  try {
    h = await headers();
  } catch {
    return "unknown";
  }
  return clientAddress(h, env().TRUSTED_PROXY_HOPS);
}
