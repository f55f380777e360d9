package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.proto.RegionSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** LiveKit Cloud's region directory: which hosts have one, where it is, and its JSON. */
class RegionDirectoryTest {

    @Test
    void onlyLiveKitCloudHostsHaveADirectoryByDefault() {
        assertThat(RegionDirectory.isCloud("wss://my-project.livekit.cloud")).isTrue();
        assertThat(RegionDirectory.isCloud("https://x.livekit.run/")).isTrue();
        assertThat(RegionDirectory.isCloud("wss://livekit.example.com")).isFalse();
        assertThat(RegionDirectory.isCloud("ws://127.0.0.1:7880")).isFalse();
        assertThat(RegionDirectory.isCloud("not a url")).isFalse();
    }

    @Test
    void theDirectoryIsUnderSettingsOnTheSameHost() {
        assertThat(RegionDirectory.settingsUrl("wss://p.livekit.cloud/some/path"))
                .isEqualTo("https://p.livekit.cloud/settings/regions");
        assertThat(RegionDirectory.settingsUrl("ws://127.0.0.1:7880")).isEqualTo("http://127.0.0.1:7880/settings/regions");
    }

    @Test
    void readsTheJsonFormOfRegionSettingsWithDistancesAsStringsOrNumbers() throws Exception {
        RegionSettings settings = RegionDirectory.parse("{\"regions\":[{\"region\":\"eu\",\"url\":\"https://eu.x\","
                + "\"distance\":\"120\"},{\"region\":\"us\",\"url\":\"https://us.x\",\"distance\":7},"
                + "{\"region\":\"nowhere\"}],\"unknown\":true}");
        assertThat(settings.getRegionsList()).extracting(r -> r.getRegion() + "@" + r.getUrl() + "/" + r.getDistance())
                .containsExactly("eu@https://eu.x/120", "us@https://us.x/7");
    }
}
