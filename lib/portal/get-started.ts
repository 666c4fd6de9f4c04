/**
 * The front door's copy-paste call (R-PORTAL-HOME): the API's address at the gateway and the
 * key in X-API-Key. With the developer's key prefix the variable is filled in with it, to be
 * completed with the whole key (never stored, so never shown).
 */
export function curlExample(gatewayOrigin: string, listenPath: string, keyStart: string | null) {
  const path = listenPath.startsWith("/") ? listenPath : `/${listenPath}`;
  const key = keyStart ? `${keyStart}…` : "your-key";
  return [
    `export API_KEY="${key}"   # paste your whole key`,
    `curl -H "X-API-Key: $API_KEY" ${gatewayOrigin}${path}`,
  ].join("\n");
}
