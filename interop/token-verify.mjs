// Verifies a token with LiveKit's own Node SDK; prints the claims as JSON, or {"error": ...} and exits 1.
// usage: node token-verify.mjs <apiKey> <apiSecret> <jwt>
import { TokenVerifier } from 'livekit-server-sdk';

const [apiKey, apiSecret, jwt] = process.argv.slice(2);
try {
  const claims = await new TokenVerifier(apiKey, apiSecret).verify(jwt);
  console.log(JSON.stringify(claims));
} catch (e) {
  console.log(JSON.stringify({ error: String(e && e.code ? e.code : e) }));
  process.exit(1);
}
