package io.rtcreactor.engine.rtc;

import java.util.List;

/** A STUN or TURN server handed to the peer connections (LiveKit sends them in the Join/ReconnectResponse). */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
        username = username == null ? "" : username;
        credential = credential == null ? "" : credential;
    }

    @Override
    public String toString() {
        return "IceServer{" + urls + (username.isEmpty() ? "" : ", user=" + username) + "}";
    }
}
