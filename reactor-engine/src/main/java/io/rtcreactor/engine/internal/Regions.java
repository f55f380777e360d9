package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.proto.RegionInfo;
import io.rtcreactor.engine.proto.RegionSettings;
import io.rtcreactor.engine.signal.SignalConnectException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which server each signal connection goes to. LiveKit Cloud names its other regions in every Leave that asks for a
 * resume or a reconnect ({@code LeaveRequest.regions}: "sending region settings even for RESUME just in case client
 * wants to a full reconnect", {@code ParticipantImpl.sendLeaveRequest}, pkg/rtc/participant_signal.go; the
 * open-source server names none). As LiveKit's JS client does (RTCEngine.restartConnection with its region strategy,
 * RegionUrlProvider): a resume always goes back to the server we are on; a join that could not reach its server
 * (refused with a status the server may lift, timed out, or unreachable — never a rejected token) sends the next
 * join to the next region not tried yet, in the server's order; once every region was tried, back to the URL the
 * application gave, and round again. A session that connects forgets what it tried and stays on that server.
 *
 * <p>Lane-confined.
 */
final class Regions {

    private static final Logger LOG = LoggerFactory.getLogger(Regions.class);

    private final String name;
    private final String configured;
    private final boolean enabled;
    private final Directory directory;
    private boolean asking;
    private String current;
    private List<RegionInfo> reported = List.of();
    private final Set<String> attempted = new LinkedHashSet<>();
    private int joinEpoch = -1;
    private boolean joinFailed;

    /**
     * Where regions can be asked for ({@code /settings/regions}); the answer is delivered to {@code reported} on the
     * session's lane.
     */
    @FunctionalInterface
    interface Directory {
        /** Asks once; {@code answer} gets the regions, on the lane. Never called concurrently. */
        void ask(java.util.function.Consumer<RegionSettings> answer, Runnable failed);

        Directory NONE = (answer, failed) -> failed.run();
    }

    Regions(String name, String configured, boolean enabled, Directory directory) {
        this.name = name;
        this.configured = configured;
        this.current = configured;
        this.enabled = enabled;
        this.directory = directory;
    }

    /** The URL for the connection {@code epoch} opens now. */
    String urlFor(int epoch, boolean resume) {
        if (resume) {
            return current;
        }
        joinEpoch = epoch;
        if (joinFailed && enabled) {
            joinFailed = false;
            RegionInfo next = reported.stream().filter(r -> !attempted.contains(r.getUrl())
                    && !r.getUrl().equals(current)).findFirst().orElse(null);
            if (next != null) {
                attempted.add(next.getUrl());
                LOG.info("{}: {} could not be reached; trying region {} ({}) as the server suggested", name,
                        current, next.getRegion(), next.getUrl());
                current = next.getUrl();
            } else if (!current.equals(configured) || !attempted.isEmpty()) {
                LOG.info("{}: every region the server named was tried; back to {}", name, configured);
                attempted.clear();
                current = configured;
            }
        }
        return current;
    }

    /** A Leave named the server's regions: the list replaces what we had. */
    void reported(RegionSettings settings) {
        List<RegionInfo> usable = new ArrayList<>();
        for (RegionInfo region : settings.getRegionsList()) {
            if (region.getUrl().startsWith("ws://") || region.getUrl().startsWith("wss://")
                    || region.getUrl().startsWith("http://") || region.getUrl().startsWith("https://")) {
                usable.add(region);
            }
        }
        reported = List.copyOf(usable);
        LOG.debug("{}: the server named {} regions", name, reported.size());
    }

    /** The connection {@code epoch} could not be opened. */
    void openFailed(int epoch, Throwable error) {
        if (epoch == joinEpoch && error instanceof SignalConnectException refused
                && refused.kind() != SignalConnectException.Kind.REJECTED
                && refused.kind() != SignalConnectException.Kind.NOT_FOUND) {
            joinFailed = true;
            if (enabled && directory != Directory.NONE && !asking && untried() == 0) {
                // Nothing the server named is left to try: ask the directory, as LiveKit's JS client asks
                // /settings/regions when its cache is empty or stale. The backoff before the next attempt is
                // usually time enough for the answer; if not, the attempt after that uses it.
                asking = true;
                directory.ask(settings -> {
                    asking = false;
                    LOG.info("{}: the region directory lists {} regions", name, settings.getRegionsCount());
                    reported(settings);
                }, () -> asking = false);
            }
        }
    }

    private long untried() {
        return reported.stream().filter(r -> !attempted.contains(r.getUrl()) && !r.getUrl().equals(current)).count();
    }

    /** Connected (or recovered) on the current server: it is where we stay. */
    void connected() {
        attempted.clear();
        joinFailed = false;
    }

    /** The server the session uses now. */
    String current() {
        return current;
    }
}
