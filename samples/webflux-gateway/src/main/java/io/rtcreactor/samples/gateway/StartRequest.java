package io.rtcreactor.samples.gateway;

/**
 * The optional body of {@code POST /rooms/{room}/agents}.
 *
 * @param identity the agent's participant identity; empty or absent for a generated one
 */
public record StartRequest(String identity) {
}
