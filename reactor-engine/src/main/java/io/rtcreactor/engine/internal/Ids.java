package io.rtcreactor.engine.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids in UUID form (version 4 layout), for streams, RPC calls and chat messages: unique, not secret.
 * {@code UUID.randomUUID()} draws on SecureRandom, which may read the system's entropy pool and block — never on a
 * reactive thread (BlockHound caught it on the session's lane).
 */
public final class Ids {

    private Ids() {
    }

    public static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }
}
