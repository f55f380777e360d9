package io.rtcreactor.engine.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** Each code rule must catch a violation: otherwise it is a check that cannot fail. */
class CodeRulesSelfTest {

    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importClasses(Sleeper.class, Blocker.class, MainBlocker.class, ClockReader.class, SchedulerUser.class);

    @Test
    void sleepIsCaught() {
        assertThat(CodeRules.noSleep().evaluate(FIXTURES).getFailureReport().getDetails())
                .singleElement().asString().contains("Sleeper").contains("sleep");
    }

    @Test
    void blockOutsideMainIsCaughtAndMainIsAllowed() {
        assertThat(CodeRules.noBlockOutsideMain().evaluate(FIXTURES).getFailureReport().getDetails())
                .singleElement().asString().contains("Blocker.fetch").doesNotContain("MainBlocker");
    }

    @Test
    void wallClockReadIsCaught() {
        assertThat(CodeRules.noWallClock("nobody").evaluate(FIXTURES).getFailureReport().getDetails())
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("ClockReader"));
        assertThat(CodeRules.noWallClock(ClockReader.class.getName()).evaluate(FIXTURES).hasViolation()).isFalse();
    }

    @Test
    void strayScheduleIsCaught() {
        assertThat(CodeRules.schedulersOnlyIn("nobody").evaluate(FIXTURES).hasViolation()).isTrue();
        assertThat(CodeRules.schedulersOnlyIn(SchedulerUser.class.getName()).evaluate(FIXTURES).hasViolation())
                .isFalse();
    }

    static final class Sleeper {
        void nap() throws InterruptedException {
            Thread.sleep(1);
        }
    }

    static final class Blocker {
        String fetch() {
            return Mono.just("x").block(Duration.ofSeconds(1));
        }
    }

    static final class MainBlocker {
        public static void main(String[] args) {
            Mono.just("x").block();
        }
    }

    static final class ClockReader {
        long read() {
            return System.currentTimeMillis() + Instant.now().getEpochSecond();
        }
    }

    static final class SchedulerUser {
        Object scheduler() {
            return Schedulers.single();
        }
    }
}
