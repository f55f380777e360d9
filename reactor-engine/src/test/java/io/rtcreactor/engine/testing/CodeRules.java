package io.rtcreactor.engine.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.function.Predicate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The build-time bans of DESIGN.md, as ArchUnit rules over a module's main classes (never its tests, never
 * jars). Each module runs them in a test named {@code CodeRulesTest}:
 * <ul>
 *   <li>no {@code Thread.sleep} / {@code TimeUnit.sleep};</li>
 *   <li>no {@code block*()} on a Mono or Flux outside a {@code main} method;</li>
 *   <li>no wall-clock reads in the engine core (time comes from an injected clock or timer scheduler);</li>
 *   <li>no {@code Schedulers.*} outside the one class of a module that owns schedulers.</li>
 * </ul>
 */
public final class CodeRules {

    private static final Set<String> REACTIVE_TYPES = Set.of("reactor.core.publisher.Mono", "reactor.core.publisher.Flux");

    private CodeRules() {
    }

    /** The main (non-test) classes of the calling module under {@code basePackage}. */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(basePackage);
    }

    /** No code sleeps: waiting is a timer on a scheduler. */
    public static ArchRule noSleep() {
        return classes().should(notCall("Thread.sleep or TimeUnit.sleep",
                call -> (isOwner(call, "java.lang.Thread") && call.getName().equals("sleep"))
                        || (isOwner(call, "java.util.concurrent.TimeUnit") && call.getName().equals("sleep")),
                call -> false));
    }

    /** No {@code block()}, {@code blockFirst()}, {@code blockLast()}, {@code blockOptional()} but in main methods. */
    public static ArchRule noBlockOutsideMain() {
        return classes().should(notCall("block*() on a Mono or Flux outside a main method",
                call -> REACTIVE_TYPES.contains(call.getTargetOwner().getName()) && call.getName().startsWith("block"),
                call -> call.getOrigin().getName().equals("main") && call.getOrigin().getModifiers()
                        .contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)));
    }

    /** No wall-clock reads except in {@code allowedClass}, the one place that hands out the system clock. */
    public static ArchRule noWallClock(String allowedClass) {
        return classes().should(notCall("a wall-clock read (use the injected clock or timer scheduler)",
                call -> isWallClockRead(call),
                call -> call.getOriginOwner().getName().equals(allowedClass)));
    }

    /** No {@code Schedulers.*} except in {@code ownerClass}, the module's one owner of schedulers. */
    public static ArchRule schedulersOnlyIn(String ownerClass) {
        return classes().should(notCall("reactor.core.scheduler.Schedulers outside " + ownerClass,
                call -> isOwner(call, "reactor.core.scheduler.Schedulers"),
                call -> call.getOriginOwner().getName().equals(ownerClass)
                        || call.getOriginOwner().getName().startsWith(ownerClass + "$")));
    }

    private static boolean isWallClockRead(JavaMethodCall call) {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        return switch (owner) {
            case "java.lang.System" -> name.equals("currentTimeMillis") || name.equals("nanoTime");
            case "java.time.Instant", "java.time.LocalDateTime", "java.time.LocalDate", "java.time.LocalTime",
                 "java.time.ZonedDateTime", "java.time.OffsetDateTime" -> name.equals("now");
            case "java.time.Clock" -> name.equals("systemUTC") || name.equals("systemDefaultZone");
            default -> false;
        };
    }

    private static boolean isOwner(JavaMethodCall call, String owner) {
        return call.getTargetOwner().getName().equals(owner);
    }

    private static ArchCondition<JavaClass> notCall(String what, Predicate<JavaMethodCall> banned,
                                                    Predicate<JavaMethodCall> allowed) {
        return new ArchCondition<>("not call " + what) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    if (banned.test(call) && !allowed.test(call)) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }
}
