package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.proto.SignalRequest;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** What publishing needs from the rest of the session, and nothing more. Lane-confined. */
final class PublishPort implements Publications.Port {

    private final Supplier<SignalLink> signal;
    private final Transports transports;
    private final Consumer<RoomEvent> events;
    private final Participation participation;

    PublishPort(Supplier<SignalLink> signal, Transports transports, Consumer<RoomEvent> events,
                Participation participation) {
        this.signal = signal;
        this.transports = transports;
        this.events = events;
        this.participation = participation;
    }

    @Override
    public boolean request(SignalRequest request) {
        return signal.get().request(request);
    }

    @Override
    public void sendNow(SignalRequest request) {
        signal.get().send(request);
    }

    @Override
    public Mono<LocalAudio> addAudio(String cid, String streamId) {
        return transports.addAudio(cid, streamId);
    }

    @Override
    public Mono<Void> removeAudio(LocalAudio audio) {
        return transports.removeAudio(audio);
    }

    @Override
    public void negotiatePublisher() {
        transports.negotiatePublisher();
    }

    @Override
    public void emit(RoomEvent event) {
        events.accept(event);
    }

    @Override
    public String localSid() {
        return participation.localSid();
    }
}
