package io.rtcreactor.engine.rtc;

import io.rtcreactor.engine.RtcReactorException;

/**
 * webrtc-java's native library cannot be loaded on this machine. The message names the missing shared library
 * and the Debian/Ubuntu package that provides it.
 */
public final class NativeLibraryException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String missingLibrary;

    /** Names what the loader could not find ({@code missingLibrary} may be null). */
    public NativeLibraryException(String message, String missingLibrary, Throwable cause) {
        super(message, cause);
        this.missingLibrary = missingLibrary;
    }

    /** The shared object the loader could not find (e.g. {@code libpulse.so.0}), or null if unknown. */
    public String missingLibrary() {
        return missingLibrary;
    }

    /** Installing a package fixes this machine; trying again in this process cannot. */
    @Override
    public boolean retryable() {
        return false;
    }
}
