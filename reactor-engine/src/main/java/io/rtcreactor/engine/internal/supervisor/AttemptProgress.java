package io.rtcreactor.engine.internal.supervisor;

/**
 * How far the attempt under way has come.
 *
 * @param responded        the Join/ReconnectResponse arrived
 * @param restartExpected  a resume that must restart ICE on the publisher (it existed when the response came)
 * @param restartOfferId   the id of the newest publisher ICE-restart offer sent in this attempt, or 0
 * @param restartAnswered  the answer to exactly that offer was applied
 * @param republishPending a full join whose tracks are not all published again yet
 */
public record AttemptProgress(boolean responded, boolean restartExpected, int restartOfferId,
                              boolean restartAnswered, boolean republishPending) {

    /** Nothing yet. */
    public static final AttemptProgress NONE = new AttemptProgress(false, false, 0, false, false);

    AttemptProgress withResponse(boolean fullJoin, boolean publisherOpen) {
        return new AttemptProgress(true, !fullJoin && publisherOpen, 0, false, fullJoin);
    }

    AttemptProgress withRestartOffer(int offerId) {
        return new AttemptProgress(responded, restartExpected, offerId, false, republishPending);
    }

    AttemptProgress withRestartAnswered() {
        return new AttemptProgress(responded, restartExpected, restartOfferId, true, republishPending);
    }

    AttemptProgress withRepublished() {
        return new AttemptProgress(responded, restartExpected, restartOfferId, restartAnswered, false);
    }

    /** The publisher's part of a resume is done: no restart was needed, or the restart offer was answered. */
    boolean publisherRestarted() {
        return !restartExpected || (restartOfferId > 0 && restartAnswered);
    }
}
