package io.flagstream.testing;

import io.flagstream.alerts.FraudAlert;
import io.flagstream.alerts.Severity;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts a topology test has received, each taken once by an expectation, in the order they arrived:
 * <pre>{@code
 * inbox.expectAlert(A1).entity("acct-1").severity(Severity.MEDIUM).revision(0);
 * inbox.expectNoMoreAlerts(A1);
 * }</pre>
 *
 * <p>Why a class of its own: every detector of the production topology sees the same events, so a detector test
 * asserts on its own rule's alerts only. Each test class used to filter the alerts topic by rule id in a private
 * copy of the same helper, then call {@code singleElement()} or {@code isEmpty()} on the result. When the helper
 * found nothing, the failure said "expected one element but was empty" and nothing about what did arrive. An
 * inbox keeps what it has read, so {@code expectAlert(rule)} takes the next alert of that rule, and a failure
 * lists the alerts that are left. {@code expectNoMoreAlerts(rule)} is where a test says "exactly these". This is
 * fluent-kafka-streams-tests' {@code expectNextRecord()…expectNoMoreRecord()}, with a rule instead of a topic.
 *
 * <p>Alerts of other rules stay in the inbox until {@link #expectNoMoreAlerts()} is called or the test ends. The inbox
 * reads its source (the alerts topic, see {@link TopologyFixture#inbox()}) on each expectation, and what it reads
 * there is gone from the topic.
 */
public final class AlertInbox {
    private final Supplier<List<FraudAlert>> source;
    /** Received and not yet taken by an expectation, in arrival order. */
    private final List<FraudAlert> unconsumed = new ArrayList<>();
    private final List<FraudAlert> consumed = new ArrayList<>();

    /** @param source returns the alerts that arrived since its last call, in order (e.g. a test output topic's values) */
    public AlertInbox(Supplier<List<FraudAlert>> source) {
        this.source = source;
    }

    /** Takes the next alert of {@code ruleId} that no expectation has taken; fails, listing what is left, if none arrived. */
    public ExpectedAlert expectAlert(String ruleId) {
        return new ExpectedAlert(take(ruleId, 1).get(0));
    }

    /**
     * Takes every alert of {@code ruleId} that no expectation has taken, in arrival order; fails like
     * {@link #expectAlert} if there is none. For checks over all of them where their number is not the point: the
     * revisions of a finding that grows with a cluster, each under a bound, all under one alert id.
     */
    public List<FraudAlert> expectAlerts(String ruleId) {
        return take(ruleId, Integer.MAX_VALUE);
    }

    /** Takes up to {@code most} alerts of {@code ruleId}, at least one, in arrival order. */
    private List<FraudAlert> take(String ruleId, int most) {
        receive();
        List<FraudAlert> taken = new ArrayList<>();
        for (Iterator<FraudAlert> it = unconsumed.iterator(); it.hasNext() && taken.size() < most; ) {
            FraudAlert alert = it.next();
            if (ruleId.equals(alert.getRuleId())) {
                it.remove();
                taken.add(alert);
            }
        }
        if (taken.isEmpty()) {
            long before = consumed.stream().filter(a -> ruleId.equals(a.getRuleId())).count();
            throw new AssertionError("expected another alert of rule " + ruleId + ", but there is none ("
                    + before + " of that rule taken before)" + listing("; alerts not taken yet", unconsumed));
        }
        consumed.addAll(taken);
        return List.copyOf(taken);
    }

    /** Fails if any alert, of any rule, arrived that no expectation has taken. */
    public void expectNoMoreAlerts() {
        receive();
        if (!unconsumed.isEmpty()) {
            throw new AssertionError("expected no more alerts, but " + unconsumed.size() + " arrived"
                    + listing("", unconsumed));
        }
    }

    /** Fails if an alert of {@code ruleId} arrived that no expectation has taken; alerts of other rules are left. */
    public void expectNoMoreAlerts(String ruleId) {
        receive();
        List<FraudAlert> left = unconsumed.stream().filter(a -> ruleId.equals(a.getRuleId())).toList();
        if (!left.isEmpty()) {
            throw new AssertionError("expected no more alerts of rule " + ruleId + ", but " + left.size() + " arrived"
                    + listing("", left));
        }
    }

    private void receive() {
        unconsumed.addAll(source.get());
    }

    private static String listing(String heading, List<FraudAlert> alerts) {
        if (alerts.isEmpty()) {
            return heading + ": none";
        }
        return alerts.stream().map(a -> "\n  " + summary(a)).collect(Collectors.joining("", heading + ":", ""));
    }

    /** One line a reviewer can read: rule, revision, status, severity, entity, accounts, evidence, id. */
    static String summary(FraudAlert a) {
        return a.getRuleId() + " r" + a.getRevision() + " " + a.getStatus() + " " + a.getSeverity()
                + " " + a.getEntity().getType() + ":" + a.getEntity().getId() + " accounts=" + a.getAccounts()
                + " evidence=" + a.getEvidenceCount() + " id=" + a.getAlertId();
    }

    /**
     * One alert taken from the inbox, with chainable checks. Each failure names the field and the alert. The
     * alert itself is at {@link #alert()} for anything the checks do not cover.
     */
    public static final class ExpectedAlert {
        private final FraudAlert alert;
        private final String described;

        private ExpectedAlert(FraudAlert alert) {
            this.alert = alert;
            this.described = summary(alert);
        }

        public FraudAlert alert() {
            return alert;
        }

        /** The entity the alert is about, by id (the type is the detector's: account, ip, instrument, ...). */
        public ExpectedAlert entity(String id) {
            return is("entity id", alert.getEntity().getId(), id);
        }

        public ExpectedAlert entity(String type, String id) {
            return is("entity type", alert.getEntity().getType(), type).entity(id);
        }

        /** Exactly these accounts, in the sorted order the schema promises. */
        public ExpectedAlert accounts(String... accounts) {
            List<String> expected = Stream.of(accounts).distinct().sorted().toList();
            assertThat(alert.getAccounts()).as("accounts (sorted) of %s", described).containsExactlyElementsOf(expected);
            return this;
        }

        public ExpectedAlert severity(Severity severity) {
            return is("severity", alert.getSeverity(), severity);
        }

        public ExpectedAlert revision(int revision) {
            return is("revision", alert.getRevision(), revision);
        }

        /** OPEN while the episode lasts, CLOSED on its last revision. */
        public ExpectedAlert status(String status) {
            return is("status", alert.getStatus(), status);
        }

        public ExpectedAlert evidenceCount(int count) {
            return is("evidence count", alert.getEvidenceCount(), count);
        }

        public ExpectedAlert descriptionContains(String... parts) {
            assertThat(alert.getDescription()).as("description of %s", described).contains(parts);
            return this;
        }

        /** The same alert (episode) as an earlier revision: same alert id. */
        public ExpectedAlert alertId(String alertId) {
            return is("alert id", alert.getAlertId(), Objects.requireNonNull(alertId));
        }

        private ExpectedAlert is(String field, Object actual, Object expected) {
            assertThat(actual).as("%s of %s", field, described).isEqualTo(expected);
            return this;
        }

        /** Any further checks, on the alert; a failure among them names the alert. */
        public ExpectedAlert satisfies(Consumer<FraudAlert> checks) {
            try {
                checks.accept(alert);
            } catch (AssertionError e) {
                throw new AssertionError("in " + described + ": " + e.getMessage(), e);
            }
            return this;
        }
    }
}
