package io.flagstream.risk;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.alerts.Severity;
import io.flagstream.config.ClusterSettings;
import io.flagstream.config.Durations;
import io.flagstream.config.RiskSettings;
import io.flagstream.state.ClusterInput;
import io.flagstream.state.ClusterLink;
import io.flagstream.state.ClusterMember;
import io.flagstream.state.ClusterSummary;
import io.flagstream.state.ObservedEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The drafts of the cluster task's two findings, from bounded state only: a component's summary, a hub notice. */
final class ClusterFindings {
    static final String MEMBERS_LEFT_OUT = "members-left-out";
    static final String LINKS_LEFT_OUT = "links-left-out";

    private final ClusterSettings settings;
    private final RiskSettings risk;

    ClusterFindings(ClusterSettings settings, RiskSettings risk) {
        this.settings = settings;
        this.risk = risk;
    }

    /**
     * {@value RiskTopology#CLUSTER_RULE_ID}: evidence is the summary's listed links ({@code source} links) and members
     * ({@code source} members, fact {@code risk}); the parameters count the members and links not listed.
     */
    AlertDraft linkedAccounts(ClusterSummary c, int size, double combined, long t) {
        List<ObservedEvent> evidence = new ArrayList<>();
        Map<String, Integer> byVia = new LinkedHashMap<>();
        for (ClusterLink l : c.getLinks()) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("link", l.getVia());
            facts.put(l.getVia(), l.getValue());
            facts.put("account", l.getAccount());
            facts.put("other", l.getOther());
            evidence.add(new ObservedEvent(l.getEventId(), RiskTopology.LINKS_SOURCE, l.getAccount(), l.getTime(), l.getValue(), facts));
            byVia.merge(l.getVia(), 1, Integer::sum);
        }
        for (ClusterMember m : c.getMembers()) {
            boolean scored = m.getScoreTime() != Long.MIN_VALUE;
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("risk", AccountRiskProcessor.number(scored ? risk.decayed(m.getScore(), t - m.getScoreTime()) : 0));
            evidence.add(new ObservedEvent("member:" + m.getAccount(), RiskTopology.MEMBERS_SOURCE, m.getAccount(),
                    scored ? m.getScoreTime() : c.getLastActivity(), m.getAccount(), facts));
        }
        long first = c.getLinks().stream().mapToLong(ClusterLink::getTime).min().orElse(t);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("window", Durations.format(settings.window()));
        parameters.put("min-size", String.valueOf(settings.minSize()));
        parameters.put("min-risk", AccountRiskProcessor.number(settings.minRisk()));
        parameters.put("half-life", Durations.format(risk.halfLife()));
        parameters.put(MEMBERS_LEFT_OUT, String.valueOf(size - c.getMembers().size()));
        parameters.put(LINKS_LEFT_OUT, String.valueOf(c.getLinkCount() - c.getLinks().size()));
        return new AlertDraft(RiskTopology.CLUSTER_RULE_ID, Indicator.CLUSTER,
                "Linked accounts with a combined high risk",
                size + " accounts linked by shared " + byVia + (c.getLinkCount() > c.getLinks().size() ? " (oldest " + c.getLinks().size()
                        + " of " + c.getLinkCount() + " links)" : "") + " have a combined risk of "
                        + AccountRiskProcessor.number(combined) + " (thresholds: " + settings.minSize() + " accounts, risk above "
                        + AccountRiskProcessor.number(settings.minRisk()) + ").",
                combined > 2 * settings.minRisk() ? Severity.HIGH : Severity.MEDIUM,
                "cluster", c.getFindingId(), evidence,
                List.of(AlertDraft.threshold("cluster-size", settings.minSize(), size),
                        AlertDraft.threshold("combined-risk", settings.minRisk(), AccountRiskProcessor.round(combined))),
                parameters, first, t);
    }

    /**
     * {@value RiskTopology#HUB_RULE_ID}: the attribute ({@code via}, value) and a sample of its accounts, one evidence
     * entry each. The indicator is the advisory item that wide sharing of that attribute stands for.
     */
    AlertDraft hub(ClusterInput hub) {
        int cap = "ip".equals(hub.getVia()) ? settings.maxAccountsPerIp() : settings.maxAccountsPerAttribute();
        List<ObservedEvent> evidence = new ArrayList<>();
        for (String account : hub.getAccounts()) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put(hub.getVia(), hub.getValue());
            evidence.add(new ObservedEvent("hub:" + hub.getValue() + ":" + account, RiskTopology.HUB_SOURCE, account,
                    hub.getTime(), hub.getValue(), facts));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("window", Durations.format(settings.window()));
        parameters.put("max-accounts", String.valueOf(cap));
        parameters.put("accounts-counted", String.valueOf(hub.getCount()));
        parameters.put("accounts-left-out", String.valueOf(hub.getCount() - hub.getAccounts().size()));
        return new AlertDraft(RiskTopology.HUB_RULE_ID, hubIndicator(hub.getVia()),
                "Shared " + hub.getVia() + " used by many accounts (hub)",
                "The " + hub.getVia() + " " + hub.getValue() + " was used by " + hub.getCount() + " distinct accounts within "
                        + Durations.format(settings.window()) + " (more than " + cap + "): a hub, such as a payroll provider, an"
                        + " exchange or a shared network. It links no further accounts into clusters. A notice about the "
                        + hub.getVia() + ", not a finding against its accounts (their own alerts and clusters are judged apart):"
                        + " allow-list it if it is benign; otherwise its accounts are worth a look together.",
                Severity.LOW, hub.getVia(), hub.getValue(), evidence,
                List.of(AlertDraft.threshold("distinct-accounts", cap, hub.getCount())),
                parameters, hub.getTime() - settings.window().toMillis(), hub.getTime());
    }

    /** A16 for payout instruments, A2 for login IPs, A6 for identity documents; a shared device is no advisory item. */
    static Indicator hubIndicator(String via) {
        return switch (via) {
            case "instrument" -> Indicator.A16;
            case "ip" -> Indicator.A2;
            case "document" -> Indicator.A6;
            default -> Indicator.CLUSTER;
        };
    }
}
