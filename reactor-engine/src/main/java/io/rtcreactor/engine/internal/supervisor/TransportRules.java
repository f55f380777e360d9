package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.CancelTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Timer;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.AnswerApplied;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.CredentialsSet;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.GraceExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.NegotiationFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathConnected;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathSilent;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PublisherOfferSent;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RepublishCompleted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SubscriberAnswered;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportStateChanged;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.TransportFailedException;
import java.time.Duration;
import java.util.List;

/**
 * The transport half of the rule book, pure like the rest: what the supervisor records of each transport, when a
 * transport's trouble is a failure that counts, and the grace timers. {@link Supervisor} acts on the failures.
 *
 * <ul>
 *   <li>A transport DISCONNECTED for the grace period, or FAILED, has failed. So has one whose pair went silent
 *       (no connectivity check answered, see {@code PathSilence}) in steady state; during an attempt silence is
 *       expected of the old path and says nothing.</li>
 *   <li>In steady state a failure starts a resume. During a resume it counts only once that transport was
 *       renegotiated in this very attempt: until then its old ICE path is expected to be dead, and a
 *       renegotiation of an earlier episode says nothing. After a full join every failure of the new transports
 *       counts.</li>
 *   <li>A transport renegotiated while DISCONNECTED gets its grace again from that moment: the time it spent
 *       disconnected on the old credentials says nothing about the new ones.</li>
 *   <li>Evidence of a working path counts only for the credentials the transport has now, set in this attempt.</li>
 * </ul>
 */
final class TransportRules {

    /** The new state, and a failure the supervisor must act on (null if none). */
    record Outcome(SupervisorState state, Throwable failure) {
    }

    private final Duration grace;

    TransportRules(Duration grace) {
        this.grace = grace;
    }

    static boolean handles(SupervisorInput input) {
        return generationOf(input) != 0;
    }

    /** The generation a transport input belongs to, or 0 for other inputs. */
    static int generationOf(SupervisorInput input) {
        if (input instanceof TransportOpened i) {
            return i.generation();
        } else if (input instanceof TransportStateChanged i) {
            return i.generation();
        } else if (input instanceof GraceExpired i) {
            return i.generation();
        } else if (input instanceof CredentialsSet i) {
            return i.generation();
        } else if (input instanceof PublisherOfferSent i) {
            return i.generation();
        } else if (input instanceof AnswerApplied i) {
            return i.generation();
        } else if (input instanceof SubscriberAnswered i) {
            return i.generation();
        } else if (input instanceof PathConnected i) {
            return i.generation();
        } else if (input instanceof PathSilent i) {
            return i.generation();
        } else if (input instanceof NegotiationFailed i) {
            return i.generation();
        } else if (input instanceof RepublishCompleted i) {
            return i.generation();
        }
        return 0;
    }

    Outcome apply(SupervisorState s, SupervisorInput input, List<SupervisorCommand> out) {
        if (input instanceof TransportOpened opened) {
            TransportView view = s.transport(opened.target()).opened();
            // The publisher is opened only when something uses it (a track, data, a publisher-primary join).
            return keep(s.withTransport(opened.target(),
                    opened.target() == SignalTarget.PUBLISHER ? view.asNeeded() : view));
        }
        if (input instanceof TransportStateChanged changed) {
            return stateChanged(s, changed, out);
        }
        if (input instanceof GraceExpired expired) {
            return s.transport(expired.target()).state() == PeerState.DISCONNECTED
                    ? failed(s, expired.target(), "stayed disconnected for " + grace.toMillis() + " ms") : keep(s);
        }
        if (input instanceof CredentialsSet set) {
            return credentials(s, set, out);
        }
        if (input instanceof PublisherOfferSent sent) {
            boolean restartOfThisAttempt = sent.iceRestart() && s.attemptEpoch() != 0 && s.mode() == Mode.RESUME
                    && s.progress().responded();
            return keep(restartOfThisAttempt ? s.withProgress(s.progress().withRestartOffer(sent.offerId())) : s);
        }
        if (input instanceof AnswerApplied applied) {
            SupervisorState next = renegotiated(s, SignalTarget.PUBLISHER, out);
            AttemptProgress progress = next.progress();
            boolean restartAnswer = progress.restartOfferId() > 0 && applied.offerId() == progress.restartOfferId();
            return keep(restartAnswer ? next.withProgress(progress.withRestartAnswered()) : next);
        }
        if (input instanceof SubscriberAnswered) {
            // The server offered on the subscriber: from now on it carries something of the session.
            SupervisorState next = renegotiated(s, SignalTarget.SUBSCRIBER, out);
            TransportView view = next.subscriber();
            return keep(view.open() ? next.withTransport(SignalTarget.SUBSCRIBER, view.asNeeded()) : next);
        }
        if (input instanceof PathConnected path) {
            TransportView view = s.transport(path.target());
            return keep(!path.ufrag().isEmpty() && path.ufrag().equals(view.credentials())
                    ? s.withTransport(path.target(), view.withPath(path.ufrag())) : s);
        }
        if (input instanceof PathSilent silent) {
            return s.phase() == Phase.CONNECTED ? failed(s, silent.target(), "answered none of its last "
                    + silent.unanswered() + " connectivity checks in " + silent.silent().toMillis() + " ms")
                    : keep(s);
        }
        if (input instanceof NegotiationFailed failed) {
            return new Outcome(s, failed.error());
        }
        if (input instanceof RepublishCompleted && s.attempting() && s.mode() == Mode.FULL
                && s.progress().responded()) {
            return keep(s.withProgress(s.progress().withRepublished()));
        }
        return keep(s);
    }

    /** Cancels both grace timers (the transports they watched are gone). */
    static void forgetGraces(List<SupervisorCommand> out) {
        out.add(new CancelTimer(Timer.PUBLISHER_GRACE));
        out.add(new CancelTimer(Timer.SUBSCRIBER_GRACE));
    }

    private Outcome stateChanged(SupervisorState s, TransportStateChanged changed, List<SupervisorCommand> out) {
        SignalTarget target = changed.target();
        SupervisorState next = s.withTransport(target, s.transport(target).withState(changed.state()));
        if (changed.state() == PeerState.DISCONNECTED) {
            armGrace(next, target, out);
        } else {
            out.add(new CancelTimer(Timer.grace(target)));
        }
        return changed.state() == PeerState.FAILED ? failed(next, target, "failed") : keep(next);
    }

    private Outcome credentials(SupervisorState s, CredentialsSet set, List<SupervisorCommand> out) {
        TransportView view = s.transport(set.target());
        if (set.ufrag().isEmpty() || set.ufrag().equals(view.credentials())) {
            return keep(s);
        }
        SupervisorState next = s.withTransport(set.target(), view.withCredentials(set.ufrag(), s.attemptEpoch()));
        if (s.attemptEpoch() != 0 && s.mode() == Mode.RESUME) {
            out.add(new SupervisorCommand.AwaitPath(s.generation(), set.target(), set.ufrag()));
        }
        return keep(next);
    }

    /** An answer was applied on {@code target}: during an attempt it now runs on that attempt's terms. */
    private SupervisorState renegotiated(SupervisorState s, SignalTarget target, List<SupervisorCommand> out) {
        if (s.attemptEpoch() == 0) {
            return s;
        }
        TransportView view = s.transport(target);
        if (view.state() == PeerState.DISCONNECTED) {
            armGrace(s, target, out);
        }
        return s.withTransport(target, view.renegotiated(s.attemptEpoch()));
    }

    private void armGrace(SupervisorState s, SignalTarget target, List<SupervisorCommand> out) {
        out.add(new ArmTimer(Timer.grace(target), grace, new GraceExpired(s.generation(), target)));
    }

    /** A failure of {@code target}, if it counts now (see the class comment). */
    private static Outcome failed(SupervisorState s, SignalTarget target, String what) {
        boolean counts = s.phase() == Phase.CONNECTED || (s.attempting() && s.phase() != Phase.BACKOFF
                && (s.mode() == Mode.FULL || s.transport(target).renegotiatedIn() == s.attemptEpoch()));
        if (!counts || !s.transport(target).open()) {
            return keep(s);
        }
        String name = target == SignalTarget.PUBLISHER ? "publisher" : "subscriber";
        return new Outcome(s, new TransportFailedException(target, "the " + name + " transport " + what));
    }

    private static Outcome keep(SupervisorState s) {
        return new Outcome(s, null);
    }
}
