package io.rtcreactor.engine;

/**
 * A user data packet from another participant.
 *
 * @param payload        the bytes sent
 * @param topic          the sender's topic, or empty
 * @param senderIdentity who sent it (stamped by the server)
 * @param senderSid      the sender's participant sid (stamped by the server)
 * @param reliable       whether it came on the reliable channel
 * @param sequence       the sender's reliable sequence number, 0 for lossy packets
 */
public record DataReceived(byte[] payload, String topic, String senderIdentity, String senderSid, boolean reliable,
                           long sequence) {

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DataReceived{" + payload.length + " bytes, topic=" + topic + ", from=" + senderIdentity
                + (reliable ? ", seq=" + sequence : ", lossy") + "}";
    }
}
