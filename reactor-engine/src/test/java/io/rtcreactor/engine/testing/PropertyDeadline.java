package io.rtcreactor.engine.testing;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A deadline for a jqwik property, which JUnit Jupiter's default timeout does not reach (jqwik is an engine of its
 * own): the property runs on a worker thread, and one that has not finished within {@code rtcr.property.deadline}
 * seconds (default 300) fails with every thread's stack instead of hanging the build. Add with
 * {@code @AddLifecycleHook(PropertyDeadline.class)}.
 */
public final class PropertyDeadline implements AroundPropertyHook {

    private static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("rtcr.property.deadline", 300));

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property)
            throws Throwable {
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "property-" + context.label());
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<PropertyExecutionResult> run = worker.submit(property::execute);
            try {
                return run.get(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.cancel(true);
                AssertionError over = new AssertionError(context.label() + " ran over its deadline of "
                        + DEADLINE.toSeconds() + " s; threads:\n" + threads());
                throw over;
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        } finally {
            worker.shutdownNow();
        }
    }

    private static String threads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            out.append(thread.getName()).append('\n');
            for (StackTraceElement frame : stack) {
                out.append("    at ").append(frame).append('\n');
            }
        });
        return out.toString();
    }
}
