package io.rtcreactor.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rtcreactor.engine.testing.CodeRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN.md's build-time bans, applied to the engine's main classes. */
class CodeRulesTest {

    private static final JavaClasses ENGINE = CodeRules.mainClasses("io.rtcreactor.engine");

    @Test
    void importsTheEngine() {
        assertThat(ENGINE.contain(io.rtcreactor.engine.internal.signal.SignalCodec.class)).isTrue();
    }

    @Test
    void nothingSleeps() {
        CodeRules.noSleep().check(ENGINE);
    }

    @Test
    void nothingBlocks() {
        CodeRules.noBlockOutsideMain().check(ENGINE);
    }

    @Test
    void timeComesFromTheInjectedClock() {
        CodeRules.noWallClock("io.rtcreactor.engine.internal.SystemClock").check(ENGINE);
    }

    @Test
    void schedulersHaveOneOwner() {
        CodeRules.schedulersOnlyIn("io.rtcreactor.engine.internal.EngineSchedulers").check(ENGINE);
    }
}
