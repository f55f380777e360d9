package io.rtcreactor.it;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, item 16: a server that names its regions in its Leaves (LiveKit Cloud does; the testkit's
 * {@code regions} option) asks for a full reconnect and then refuses every join. The engine's next joins go to the
 * regions named, and the session carries on in the second region (its resumes go there too). An engine that
 * ignores the regions knocks on the refusing server until its reconnect deadline and ends the session.
 */
class RegionFailoverTest {

    @Test
    void aReconnectThatOurServerRefusesGoesToTheNextRegion() {
        NetworkNamespace.requireIsolated();
        LoopbackServer second = LoopbackServer.start(TestkitOptions.defaults()).block(Harness.WAIT);
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults()
                .withRegions(List.of(new TestkitOptions.Region("second", second.url()))), Scenario.fastOptions())) {
            scenario.established();
            scenario.fault(new Fault.Refuse(503, 1000));
            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, true));

            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
            assertThat(scenario.record("agent").upgrades()).as("the first region was tried first").isEqualTo(2);
            assertThat(second.inspect(r -> r.participant(Scenario.ROOM, "agent") != null).block(Harness.WAIT))
                    .isTrue();

            second.fault(Scenario.ROOM, "agent", new Fault.CloseSignal(true)).block(Harness.WAIT);
            assertThat(scenario.reconnected(2).mode()).isEqualTo(Mode.RESUME);
            assertThat(second.inspect(r -> r.record(Scenario.ROOM, "agent").resumes()).block(Harness.WAIT))
                    .isEqualTo(1);
        } finally {
            second.close().block(Harness.WAIT);
        }
    }

    /**
     * The first join is refused and no Leave has named a region yet: the engine asks the region directory
     * ({@code /settings/regions}, LiveKit Cloud's; here the testkit's, given as {@code regionSettingsUrl}) and joins
     * the region it lists.
     */
    @Test
    void aFirstJoinThatIsRefusedGoesToARegionTheDirectoryLists() {
        NetworkNamespace.requireIsolated();
        LoopbackServer second = LoopbackServer.start(TestkitOptions.defaults()).block(Harness.WAIT);
        try (Harness harness = new Harness(TestkitOptions.defaults()
                .withRegions(List.of(new TestkitOptions.Region("second", second.url()))))) {
            harness.server.fault(Scenario.ROOM, "agent", new Fault.Refuse(503, 1000)).block(Harness.WAIT);

            Harness.Recorded agent = harness.join(Scenario.ROOM, "agent", Scenario.fastOptions()
                    .withRegionSettingsUrl(harness.server.httpUrl() + "/settings/regions"));

            assertThat(agent.room.state()).isEqualTo(io.rtcreactor.engine.ConnectionState.CONNECTED);
            assertThat(second.inspect(r -> r.participant(Scenario.ROOM, "agent") != null).block(Harness.WAIT))
                    .isTrue();
            assertThat(harness.server.inspect(r -> r.record(Scenario.ROOM, "agent").upgrades()).block(Harness.WAIT))
                    .as("refused by the first server before the directory was asked").isGreaterThanOrEqualTo(1);
        } finally {
            second.close().block(Harness.WAIT);
        }
    }
}
