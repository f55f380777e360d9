// Mints a LiveKit access token with LiveKit's own Node SDK and prints it.
// usage: node token-mint.mjs <apiKey> <apiSecret> <identity> <room> [ttlSeconds]
import { AccessToken } from 'livekit-server-sdk';

const [apiKey, apiSecret, identity, room, ttl] = process.argv.slice(2);
const at = new AccessToken(apiKey, apiSecret, {
  identity,
  name: `${identity} (node)`,
  metadata: '{"minted":"node"}',
  ttl: ttl ? Number(ttl) : '1h',
});
at.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: false, canPublishData: true, agent: true });
console.log(await at.toJwt());
