/**
 * LiveKit access tokens: minting ({@link io.rtcreactor.engine.token.AccessToken}) and verification
 * ({@link io.rtcreactor.engine.token.TokenVerifier}). The JWT work is done by auth0's java-jwt, which accepts
 * LiveKit's short development secret {@code secret}. No token or secret ever appears in a {@code toString()},
 * log line or exception message.
 */
package io.rtcreactor.engine.token;
