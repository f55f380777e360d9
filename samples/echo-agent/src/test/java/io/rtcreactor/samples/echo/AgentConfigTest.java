package io.rtcreactor.samples.echo;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentConfigTest {

    @Test
    void theDocumentedCommandLine() {
        AgentConfig config = AgentConfig.parse(new String[] {"--url", "ws://127.0.0.1:7880", "--api-key", "devkey",
                "--api-secret", "s3cret", "--room", "R", "--identity", "agent", "--republish-on-reconnect"}, Map.of());
        assertThat(config).isEqualTo(new AgentConfig("ws://127.0.0.1:7880", "devkey", "s3cret", "R", "agent", true));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void keysMayComeFromLiveKitsEnvironmentVariablesAndFlagsWin() {
        AgentConfig config = AgentConfig.parse(new String[] {"--room", "R", "--api-key", "flag-key"}, Map.of(
                "LIVEKIT_URL", "wss://example", "LIVEKIT_API_KEY", "env-key", "LIVEKIT_API_SECRET", "env-secret"));
        assertThat(config.url()).isEqualTo("wss://example");
        assertThat(config.apiKey()).isEqualTo("flag-key");
        assertThat(config.apiSecret()).isEqualTo("env-secret");
        assertThat(config.identity()).isEqualTo("echo-agent");
        assertThat(config.republishOnReconnect()).isFalse();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> AgentConfig.parse(new String[] {"--url", "ws://x", "--api-key", "k"}, Map.of()))
                .hasMessage("--api-secret is required");
        assertThatThrownBy(() -> AgentConfig.parse(new String[] {"--room"}, Map.of()))
                .hasMessage("--room needs a value");
        assertThatThrownBy(() -> AgentConfig.parse(new String[] {"--colour", "red"}, Map.of()))
                .hasMessage("unknown option --colour");
    }
}
