package io.rtcreactor.engine.internal;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Attribute changes as LiveKit's JS client reports them: new and changed keys with values, removed keys with "". */
class RosterAttributesTest {

    @Test
    void newChangedAndRemovedKeys() {
        assertThat(Roster.attributeChanges(Map.of("a", "1", "b", "2", "c", "3"), Map.of("a", "1", "b", "20", "d", "4")))
                .isEqualTo(Map.of("b", "20", "c", "", "d", "4"));
        assertThat(Roster.attributeChanges(Map.of("a", "1"), Map.of("a", "1"))).isEmpty();
    }
}
