package io.rtcreactor.engine.internal.rtc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCIceCandidate;

/**
 * One ICE candidate as LiveKit carries it in {@code TrickleRequest.candidateInit}: the JSON of an
 * RTCIceCandidateInit. Protocol rule: "{@code candidate}, {@code sdpMid}, {@code sdpMLineIndex} are required;
 * {@code usernameFragment} optional" (LiveKit's Rust client aborts on a candidate without {@code sdpMid}; we
 * refuse it with an error instead).
 *
 * @param candidate        the {@code candidate:…} line without the {@code a=} prefix
 * @param sdpMid           the media section id
 * @param sdpMLineIndex    the media section index
 * @param usernameFragment the ICE ufrag the candidate belongs to, or empty
 */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex, String usernameFragment) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses {@code candidateInit}; a missing or mistyped required member is an {@link IllegalArgumentException}. */
    public static IceCandidate fromJson(String candidateInit) {
        JsonNode node;
        try {
            node = JSON.readTree(candidateInit);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("candidateInit is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("candidateInit is not a JSON object");
        }
        JsonNode candidate = node.get("candidate");
        JsonNode mid = node.get("sdpMid");
        JsonNode index = node.get("sdpMLineIndex");
        if (candidate == null || !candidate.isTextual()) {
            throw new IllegalArgumentException("candidateInit lacks the string 'candidate'");
        }
        if (mid == null || !mid.isTextual()) {
            throw new IllegalArgumentException("candidateInit lacks the string 'sdpMid'");
        }
        if (index == null || !index.canConvertToInt()) {
            throw new IllegalArgumentException("candidateInit lacks the integer 'sdpMLineIndex'");
        }
        JsonNode ufrag = node.get("usernameFragment");
        return new IceCandidate(candidate.asText(), mid.asText(), index.asInt(),
                ufrag != null && ufrag.isTextual() ? ufrag.asText() : "");
    }

    /** The JSON LiveKit expects in {@code candidateInit}. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("candidate", candidate);
        node.put("sdpMid", sdpMid);
        node.put("sdpMLineIndex", sdpMLineIndex);
        if (!usernameFragment.isEmpty()) {
            node.put("usernameFragment", usernameFragment);
        }
        return node.toString();
    }

    /** This candidate assigned to the ICE generation with {@code ufrag}. */
    public IceCandidate withUsernameFragment(String ufrag) {
        return new IceCandidate(candidate, sdpMid, sdpMLineIndex, ufrag);
    }

    /** True for an end-of-candidates marker (an empty candidate line), which needs no native call. */
    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }

    RTCIceCandidate toNative() {
        return new RTCIceCandidate(sdpMid, sdpMLineIndex, candidate);
    }

    static IceCandidate fromNative(RTCIceCandidate candidate) {
        return new IceCandidate(candidate.sdp, candidate.sdpMid == null ? "" : candidate.sdpMid,
                candidate.sdpMLineIndex, ufragOf(candidate.sdp));
    }

    private static String ufragOf(String line) {
        String[] parts = line.split(" ");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("ufrag")) {
                return parts[i + 1];
            }
        }
        return "";
    }
}
