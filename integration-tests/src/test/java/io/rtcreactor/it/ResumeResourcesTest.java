package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What repeated resumes cost this process (issue: "every resume leaks two UDP sockets"). The testkit runs in a
 * process of its own, so every socket of this JVM is the engine's. Counted after each of ten migrations, and after
 * a full reconnect and a disconnect:
 * <ul>
 *   <li>the engine holds nothing per resume of its own: no thread, no file descriptor but UDP sockets;</li>
 *   <li>the UDP sockets grow by at most one per transport and resume — libwebrtc keeps every earlier ICE
 *       generation's shared socket until its peer connection closes (docs/troubleshooting.md: it is in libwebrtc,
 *       not reachable through webrtc-java's API; LiveKit's Rust client does the same) — and a full reconnect or a
 *       disconnect gives every one of them back.</li>
 * </ul>
 */
class ResumeResourcesTest {

    private static final int RESUMES = 10;

    @Test
    void resumesCostOnlyLibwebrtcsPerGenerationSocketsAndAFullReconnectOrDisconnectReleasesThemAll() throws Exception {
        NetworkNamespace.requireIsolated();
        try (SeparateTestkit testkit = SeparateTestkit.start()) {
            String url = testkit.url();
            int beforeSession = ProcessResources.udpSockets();
            String token = testkit.token("leak", "agent");
            Room agent = Room.create(url, token, RoomOptions.defaults());
            List<RoomEvent> events = new CopyOnWriteArrayList<>();
            var subscription = agent.events().subscribe(events::add);
            agent.connect().block(Harness.WAIT);
            agent.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults())
                    .block(Harness.WAIT);
            agent.publishData("hello".getBytes(StandardCharsets.UTF_8), DataOptions.reliable()).block(Harness.WAIT);
            settle();

            ProcessResources baseline = ProcessResources.now(0);
            List<ProcessResources> afterEach = new ArrayList<>();
            for (int i = 1; i <= RESUMES; i++) {
                testkit.fault("{\"room\":\"leak\",\"identity\":\"agent\",\"fault\":\"migrate\",\"old_path\":\"drop\"}");
                int n = i;
                await().atMost(Harness.WAIT).until(() -> events.stream()
                        .filter(RoomEvent.Reconnected.class::isInstance).count() == n);
                settle();
                afterEach.add(ProcessResources.now(0));
            }
            assertThat(events).filteredOn(RoomEvent.Reconnected.class::isInstance)
                    .extracting(e -> ((RoomEvent.Reconnected) e).mode()).containsOnly(Mode.RESUME);
            ProcessResources last = afterEach.get(afterEach.size() - 1);
            System.out.println("resources: before " + baseline + "; after each resume " + afterEach);
            int udpGrowth = last.udp() - baseline.udp();
            assertThat(udpGrowth).as("UDP sockets after %d resumes, per snapshot %s", RESUMES, afterEach)
                    .isLessThanOrEqualTo(2 * RESUMES);
            assertThat(last.descriptors() - baseline.descriptors()).as("every other descriptor is flat: %s; now %s; threads %s",
                    afterEach, ProcessResources.descriptorKinds(), ProcessResources.threadKinds())
                    .isLessThanOrEqualTo(udpGrowth + 2);
            assertThat(last.threads() - baseline.threads())
                    .as("threads are flat: %s; now %s", afterEach, ProcessResources.threadKinds())
                    .isLessThanOrEqualTo(4);

            // A full reconnect closes both transports: every socket of theirs goes, the new ones are a fresh pair.
            testkit.fault("{\"room\":\"leak\",\"identity\":\"agent\",\"fault\":\"leave\",\"action\":\"RECONNECT\","
                    + "\"reason\":\"STATE_MISMATCH\"}");
            await().atMost(Harness.WAIT).until(() -> events.stream().filter(RoomEvent.Reconnected.class::isInstance)
                    .count() == RESUMES + 1);
            settle();
            assertThat(ProcessResources.now(0).udp()).as("after a full reconnect").isLessThanOrEqualTo(baseline.udp());

            agent.disconnect().block(Harness.WAIT);
            subscription.dispose();
            await().atMost(Harness.WAIT).until(() -> ProcessResources.udpSockets() <= beforeSession);
        }
    }

    private static void settle() {
        await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> true);
    }
}
