package io.rtcreactor.samples.gateway;

/** An agent could not join; the message names the room, the identity and the engine's reason. */
public final class AgentStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AgentStartException(String room, String identity, Throwable cause) {
        super("agent " + identity + " could not join room " + room + ": " + cause.getMessage(), cause);
    }
}
