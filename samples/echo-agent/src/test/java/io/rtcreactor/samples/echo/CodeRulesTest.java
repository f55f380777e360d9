package io.rtcreactor.samples.echo;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rtcreactor.engine.testing.CodeRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md's build-time bans, applied to the echo agent's main classes. */
class CodeRulesTest {

    private static final JavaClasses AGENT = CodeRules.mainClasses("io.rtcreactor.samples.echo");

    @Test
    void importsTheAgentAndTheDemo() {
        assertThat(AGENT.contain(EchoAgent.class)).isTrue();
        assertThat(AGENT.contain(io.rtcreactor.samples.echo.demo.Demo.class)).isTrue();
    }

    @Test
    void nothingSleeps() {
        CodeRules.noSleep().check(AGENT);
    }

    @Test
    void nothingBlocksButMain() {
        CodeRules.noBlockOutsideMain().check(AGENT);
    }

    @Test
    void schedulersHaveOneOwner() {
        CodeRules.schedulersOnlyIn("io.rtcreactor.samples.echo.AgentSchedulers").check(AGENT);
    }
}
