package io.rtcreactor.engine.rtc;

/**
 * The ICE candidate pair a transport uses right now, read from its stats.
 *
 * @param localUfrag the ICE username fragment of the local candidate (changes with every ICE restart), or empty
 *                   if the stats do not tell
 * @param state      the pair's state ({@code succeeded} once it carries traffic), or empty
 */
public record IcePath(String localUfrag, String state) {

    /** No pair selected yet. */
    public static final IcePath NONE = new IcePath("", "");

    public boolean selected() {
        return !state.isEmpty();
    }
}
