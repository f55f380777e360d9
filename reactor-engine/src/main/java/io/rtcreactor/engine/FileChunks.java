package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.EngineSchedulers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import reactor.core.publisher.Flux;

/** A file as a {@code Flux} of 15 000-byte pieces, read on demand on boundedElastic (file reads block). */
final class FileChunks {

    private static final int PIECE = 15_000;

    private FileChunks() {
    }

    static Flux<byte[]> read(Path path) {
        return Flux.using(() -> FileChannel.open(path, StandardOpenOption.READ),
                        file -> Flux.<byte[]>generate(sink -> {
                            try {
                                ByteBuffer buffer = ByteBuffer.allocate(PIECE);
                                int read = file.read(buffer);
                                if (read < 0) {
                                    sink.complete();
                                } else {
                                    sink.next(Arrays.copyOf(buffer.array(), read));
                                }
                            } catch (IOException e) {
                                sink.error(new UncheckedIOException("reading " + path + " failed", e));
                            }
                        }),
                        file -> {
                            try {
                                file.close();
                            } catch (IOException ignored) {
                                // Closing a file opened for reading loses nothing.
                            }
                        })
                .subscribeOn(EngineSchedulers.blockingWork());
    }
}
