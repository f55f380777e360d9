package io.rtcreactor.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DTMF codes and keys as RFC 4733 and LiveKit's SipDTMF pair them. */
class DtmfTest {

    @Test
    void everyCodeHasItsKey() {
        assertThat(Dtmf.digitOf(0)).isEqualTo("0");
        assertThat(Dtmf.digitOf(9)).isEqualTo("9");
        assertThat(Dtmf.digitOf(10)).isEqualTo("*");
        assertThat(Dtmf.digitOf(11)).isEqualTo("#");
        assertThat(Dtmf.digitOf(15)).isEqualTo("D");
    }

    @Test
    void aCodeAndKeyThatDoNotBelongTogetherAreRefused() {
        Dtmf.check(11, "#");
        assertThatThrownBy(() -> Dtmf.check(11, "*")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'#'");
        assertThatThrownBy(() -> Dtmf.check(16, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dtmf.check(3, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
