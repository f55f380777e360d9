package io.rtcreactor.engine.token;

import io.rtcreactor.engine.RtcReactorException;

/**
 * An access token that cannot be minted or is not accepted. The message says what is wrong and how to fix it;
 * it never contains the token, any part of it, or a secret. For that reason the JWT library's own exception is
 * not attached as the cause (its messages can quote token segments); only its type is named.
 */
public final class TokenException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** Not a JWT, bad JSON, or a claim of the wrong type. */
        MALFORMED,
        /** Signed with another algorithm than HS256. */
        WRONG_ALGORITHM,
        /** Its issuer is not an API key this verifier knows. */
        UNKNOWN_API_KEY,
        /** The signature does not match the API secret. */
        BAD_SIGNATURE,
        /** Past its {@code exp}, beyond the leeway. */
        EXPIRED,
        /** Before its {@code nbf}, beyond the leeway. */
        NOT_YET_VALID,
        /** A required claim (exp, iss, sub) is absent. */
        MISSING_CLAIM,
        /** Valid, but without a grant the operation requires (e.g. roomJoin). */
        MISSING_GRANT,
        /**
         * Valid and granted, but naming no room or no identity, which a join needs: LiveKit answers such a join with
         * 400, not 401 ({@code ValidateConnectRequest}, pkg/service/utils.go).
         */
        INCOMPLETE,
        /** The token could not be built from the given values. */
        INVALID_INPUT
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** A token is refused for what it is; presenting it again cannot help. */
    @Override
    public boolean retryable() {
        return false;
    }
}
