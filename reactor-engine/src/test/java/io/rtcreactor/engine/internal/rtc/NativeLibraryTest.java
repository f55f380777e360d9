package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.NativeLibraryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibraryTest {

    @Test
    void aMissingLibpulseNamesThePackageToInstall() {
        // The JVM's own text when libpulse0 is absent (seen on a fresh Debian 12 machine).
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("/tmp/libwebrtc-java-linux-x86_6412345.so: "
                + "libpulse.so.0: cannot open shared object file: No such file or directory");

        NativeLibraryException explained = NativeLibrary.explain(error);

        assertThat(explained.missingLibrary()).isEqualTo("libpulse.so.0");
        assertThat(explained.getMessage()).contains("libpulse.so.0").contains("apt-get install -y libpulse0");
        assertThat(explained.retryable()).isFalse();
        assertThat(explained.getCause()).isSameAs(error);
    }

    @Test
    void otherMissingLibrariesAreNamedToo() {
        NativeLibraryException explained = NativeLibrary.explain(new ExceptionInInitializerError(
                new UnsatisfiedLinkError("x.so: libXrandr.so.2: cannot open shared object file")));
        assertThat(explained.getMessage()).contains("libXrandr.so.2").contains("libxrandr2");
        assertThat(NativeLibrary.explain(new UnsatisfiedLinkError("x.so: libfoo.so.9: cannot open shared object file"))
                .getMessage()).contains("libfoo.so.9");
    }

    @Test
    void loadsOnThisMachine() {
        // .ci/run installs libpulse0; on a machine without it this fails with the message tested above.
        NativeLibrary.ensureLoaded();
        NativeLibrary.ensureLoaded();
    }
}
