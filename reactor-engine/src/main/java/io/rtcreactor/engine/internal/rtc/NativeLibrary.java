package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.NativeLibraryException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads webrtc-java's native library once per process and turns a failure into an error that says what to
 * install. The JVM reports a missing dependency as
 * {@code "<tmp>/libwebrtc-java-….so: libpulse.so.0: cannot open shared object file"}; on a fresh Debian
 * machine that is almost always {@code libpulse.so.0}, from package {@code libpulse0}.
 */
public final class NativeLibrary {

    /** Shared objects webrtc-java 0.14.0 links against that a minimal Debian machine may lack. */
    private static final Map<String, String> PACKAGES = Map.of(
            "libpulse.so.0", "libpulse0",
            "libudev.so.1", "libudev1",
            "libX11.so.6", "libx11-6",
            "libXfixes.so.3", "libxfixes3",
            "libXrandr.so.2", "libxrandr2",
            "libXcomposite.so.1", "libxcomposite1",
            "libXext.so.6", "libxext6",
            "libXrender.so.1", "libxrender1",
            "libdbus-1.so.3", "libdbus-1-3");

    private static final Pattern MISSING = Pattern.compile("([\\w.+-]+\\.so(?:\\.[\\d.]+)?): cannot open shared object");

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    private static NativeLibraryException failure;

    private NativeLibrary() {
    }

    /**
     * Loads the library if this process has not yet done so. Call it before the first webrtc-java object is
     * created; it is cheap after the first call.
     *
     * @throws NativeLibraryException naming the missing system library and the package that provides it
     */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                Class.forName("dev.onvoid.webrtc.PeerConnectionFactory", true, NativeLibrary.class.getClassLoader());
                loaded = true;
            } catch (LinkageError | ClassNotFoundException e) {
                failure = explain(e);
                throw failure;
            }
        }
    }

    /** Builds the error for a failed load; visible for tests. */
    static NativeLibraryException explain(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            Matcher m = MISSING.matcher(text);
            if (m.find()) {
                String library = m.group(1);
                String pkg = PACKAGES.get(library);
                String fix = pkg != null
                        ? "install the package that provides it: apt-get install -y " + pkg
                        : "install the system package that provides " + library;
                return new NativeLibraryException("webrtc-java's native library needs " + library
                        + ", which this machine lacks; " + fix, library, error);
            }
        }
        if (error instanceof ClassNotFoundException || error instanceof NoClassDefFoundError) {
            return new NativeLibraryException("webrtc-java is not on the classpath, or its native jar for this"
                    + " platform is missing: add dev.onvoid.webrtc:webrtc-java with classifier linux-x86_64", null, error);
        }
        return new NativeLibraryException("webrtc-java's native library could not be loaded: " + error, null, error);
    }
}
