package io.rtcreactor.engine;

/**
 * Which remote tracks the engine subscribes to on its own. Whatever the choice, {@link Room#subscribe} and
 * {@link Room#unsubscribe} change any single track's subscription later.
 */
public enum AutoSubscribe {
    /**
     * Every track, video included: the join asks the server to subscribe to everything ({@code auto_subscribe=1}).
     * The engine plays only audio; video still costs the server's bandwidth and this process's decoding.
     */
    ALL,
    /**
     * Audio only (the default), as LiveKit's agents subscribe: the join asks for nothing ({@code auto_subscribe=0})
     * and the engine subscribes to each audio track the moment it is published, in one {@code UpdateSubscription}.
     */
    AUDIO_ONLY,
    /** Nothing until the application subscribes ({@code auto_subscribe=0}). */
    NONE
}
