package io.rtcreactor.spring;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rtcreactor.engine.testing.CodeRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md's build-time bans, applied to the starter's main classes. */
class CodeRulesTest {

    private static final JavaClasses STARTER = CodeRules.mainClasses("io.rtcreactor.spring");

    @Test
    void importsTheStarter() {
        assertThat(STARTER.contain(RoomConnector.class)).isTrue();
    }

    @Test
    void nothingSleeps() {
        CodeRules.noSleep().check(STARTER);
    }

    @Test
    void nothingBlocks() {
        CodeRules.noBlockOutsideMain().check(STARTER);
    }
}
