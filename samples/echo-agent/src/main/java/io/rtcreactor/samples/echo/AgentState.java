package io.rtcreactor.samples.echo;

/** LiveKit's agent states as its frontends read them from the participant attribute {@code lk.agent.state}. */
enum AgentState {
    LISTENING("listening"),
    SPEAKING("speaking");

    static final String ATTRIBUTE = "lk.agent.state";

    private final String value;

    AgentState(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }
}
