package io.rtcreactor.it;

import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 1: a publish-only bot, whose token may not subscribe. LiveKit makes its publisher the primary
 * transport ({@code subscriber_primary} false, {@code ParticipantImpl.setupTransportManager}), makes no subscriber
 * data channels and so sends no subscriber offer, sends it data on the bot's own publisher channels, and drops it
 * if that publisher has not connected within a minute; the testkit does the same. The engine offers on the
 * publisher at join, is connected once the publisher is, and resumes without waiting for the subscriber nobody
 * negotiated.
 */
class PublishOnlyTest {

    private static final String ROOM = "publish-only";

    private Harness harness;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void aBotThatMayNotSubscribeConnectsOnItsPublisherCarriesAudioAndDataAndResumes() {
        Harness.Recorded caller = harness.join(ROOM, "caller");
        String token = harness.server.token("bot", VideoGrant.builder().room(ROOM).roomJoin(true)
                .canPublish(true).canPublishData(true).canSubscribe(false).build());
        Harness.Recorded bot = harness.joinWithToken(ROOM, token, Scenario.fastOptions());
        List<DataReceived> atBot = new CopyOnWriteArrayList<>();
        List<DataReceived> atCaller = new CopyOnWriteArrayList<>();
        harness.keep(bot.room.dataReceived().subscribe(atBot::add));
        harness.keep(caller.room.dataReceived().subscribe(atCaller::add));

        Harness.publishTone(bot.room, 440);
        ToneDetector atCallerTone = harness.listen(caller);
        await().atMost(Harness.WAIT).until(() -> atCallerTone.voicedFrames() > 100);
        assertThat(atCallerTone.dominant(440, 660)).isEqualTo(440);
        dataBothWays(caller, bot, atCaller, atBot, "before");

        harness.server.fault(ROOM, "bot", new Fault.CloseSignal(true)).block(Harness.WAIT);
        RoomEvent.Reconnected reconnected = await().atMost(Harness.WAIT).until(() ->
                bot.events(RoomEvent.Reconnected.class).stream().findFirst().orElse(null), e -> e != null);
        assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
        int heardBefore = atCallerTone.voicedFrames();
        await().atMost(Harness.WAIT).until(() -> atCallerTone.voicedFrames() > heardBefore + 100);
        dataBothWays(caller, bot, atCaller, atBot, "after");

        ParticipantRecord record = harness.server.inspect(r -> r.record(ROOM, "bot")).block(Harness.WAIT);
        assertThat(record.timeline()).as("no subscriber offer was ever sent to the bot")
                .noneMatch(e -> e.direction().equals("out") && e.type().equals("offer"));
        assertThat(record.fullReconnects()).isZero();
        assertThat(bot.room.remoteParticipants()).containsKey("caller");
    }

    private static void dataBothWays(Harness.Recorded caller, Harness.Recorded bot, List<DataReceived> atCaller,
                                     List<DataReceived> atBot, String when) {
        String toBot = "to bot " + when;
        String toCaller = "to caller " + when;
        caller.room.publishData(toBot.getBytes(StandardCharsets.UTF_8), DataOptions.reliable()).block(Harness.WAIT);
        bot.room.publishData(toCaller.getBytes(StandardCharsets.UTF_8), DataOptions.reliable())
                .block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> atBot.stream().anyMatch(d -> d.text().equals(toBot))
                && atCaller.stream().anyMatch(d -> d.text().equals(toCaller)));
    }
}
