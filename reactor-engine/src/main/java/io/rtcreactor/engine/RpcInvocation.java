package io.rtcreactor.engine;

import java.time.Duration;

/**
 * One call of a method this participant registered ({@link LocalParticipant#registerRpcMethod}): who called, with
 * what, and how long the caller's SDK says it waits (LiveKit's JS client and this engine send the caller's timeout, at
 * least 8 s; LiveKit's Rust client sends it less a 7 s round-trip allowance). A handler taking longer is cancelled.
 */
public record RpcInvocation(String requestId, String callerIdentity, String payload, Duration responseTimeout) {
}
