// Mints a LiveKit access token with LiveKit's own Node SDK and prints it.
// usage: node token-mint.mjs <apiKey> <apiSecret> <identity> <room> [ttlSeconds] [--grant=agent|full] [--kind=K]
//        [--room-config=sync]
//   ttlSeconds     lifetime (default 1 h); a negative value mints a token that has already expired
//   --grant        agent (default): roomJoin, canPublish, canPublishData, agent, canSubscribe false
//                  full: roomJoin, canPublish, canSubscribe, canPublishData (what a normal participant gets)
//   --kind         the participant kind claim (e.g. agent)
//   --room-config  sync: a roomConfig with syncStreams, emptyTimeout 30 and one agent dispatch (echo, "m")
import { AccessToken, RoomAgentDispatch, RoomConfiguration } from 'livekit-server-sdk';

const args = process.argv.slice(2);
const options = Object.fromEntries(
  args.filter((a) => a.startsWith('--')).map((a) => {
    const [k, v] = a.slice(2).split('=');
    return [k, v ?? 'true'];
  }),
);
const [apiKey, apiSecret, identity, room, ttl] = args.filter((a) => !a.startsWith('--'));
const grant = options.grant ?? 'agent';
if (!apiKey || !apiSecret || !identity || !room || !['agent', 'full'].includes(grant)) {
  console.error('usage: node token-mint.mjs <apiKey> <apiSecret> <identity> <room> [ttlSeconds] [--grant=agent|full]');
  process.exit(2);
}
const at = new AccessToken(apiKey, apiSecret, {
  identity,
  name: `${identity} (node)`,
  metadata: '{"minted":"node"}',
  ttl: ttl ? Number(ttl) : '1h',
});
at.addGrant(
  grant === 'full'
    ? { room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true }
    : { room, roomJoin: true, canPublish: true, canSubscribe: false, canPublishData: true, agent: true },
);
if (options.kind) at.kind = options.kind;
if (options['room-config'] === 'sync') {
  at.roomConfig = new RoomConfiguration({
    syncStreams: true,
    emptyTimeout: 30,
    agents: [new RoomAgentDispatch({ agentName: 'echo', metadata: 'm' })],
  });
}
console.log(await at.toJwt());
