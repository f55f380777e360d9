package io.rtcreactor.testkit.room;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What LiveKit's {@code RoomManager} remembers of a participant's ICE preference between its sessions: an
 * {@code iceConfigCache} keyed by room name and identity ({@code pkg/service/roommanager.go}), written whenever
 * the participant's preference changes ({@code OnICEConfigChanged}), read at every join ({@code setIceConfig}) and
 * resume, and forgotten {@code iceConfigTTLMin = 5} minutes after it was written ({@code pkg/utils/iceconfigcache.go};
 * a miss reads as "any candidate"). So a client that had to fall back to TCP joins again on TCP for five minutes.
 *
 * <p>Used on the server's lane only.
 */
final class IceConfigCache {

    static final Duration TTL = Duration.ofMinutes(5);

    private record Entry(IceFallback.Preference preference, Instant until) {
    }

    private final Map<String, Entry> entries = new HashMap<>();

    IceFallback.Preference get(String room, String identity, Instant now) {
        Entry entry = entries.get(key(room, identity));
        if (entry == null || !now.isBefore(entry.until())) {
            entries.remove(key(room, identity));
            return IceFallback.Preference.ANY;
        }
        return entry.preference();
    }

    void put(String room, String identity, IceFallback.Preference preference, Instant now) {
        entries.put(key(room, identity), new Entry(preference, now.plus(TTL)));
    }

    private static String key(String room, String identity) {
        return room + '\u0000' + identity;
    }
}
