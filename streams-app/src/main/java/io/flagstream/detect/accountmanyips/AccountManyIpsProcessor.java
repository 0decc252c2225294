package io.flagstream.detect.accountmanyips;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alert.Indicator;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.state.ObservedEvent;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Records keyed by account: keeps each counted login in the account's short- and long-window timelines, then
 * looks for a window around it that spans enough IPs and countries, first in the short window, then in the
 * long one.
 */
final class AccountManyIpsProcessor extends DetectorProcessor<ObservedEvent> {
    private static final Function<ObservedEvent, String> IP_AND_COUNTRY =
            e -> e.getFacts().get(IpCountrySpread.IP) + "|" + e.getFacts().get(IpCountrySpread.COUNTRY);
    AccountManyIpsProcessor(DetectorInputs inputs, AccountManyIpsSettings deployed) {
        // Two timelines, each with buckets of its own window: one for the long window alone would make the
        // short window's search read 8 × L/W buckets per login.
        super(AccountManyIpsDetector.ID, inputs, timelines(deployed));
    }

    private static Map<String, Duration> timelines(AccountManyIpsSettings deployed) {
        Map<String, Duration> timelines = new LinkedHashMap<>();
        timelines.put(AccountManyIpsDetector.SHORT_TIMELINE_STORE, deployed.common().window());
        timelines.put(AccountManyIpsDetector.LONG_TIMELINE_STORE, deployed.longWindow());
        return timelines;
    }

    @Override
    protected long windowOf(String timelineStore) {
        return AccountManyIpsDetector.LONG_TIMELINE_STORE.equals(timelineStore) ? longWindowMs() : windowMs();
    }

    private AccountManyIpsSettings config() {
        return rule(AccountManyIpsSettings.DECLARATION);
    }

    private long longWindowMs() {
        return config().longWindow().toMillis();
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        long t = record.timestamp();
        // An IP's country is part of the item, so each window sees exactly the raw logins' IPs and countries.
        List<ObservedEvent> around = addAndRead(AccountManyIpsDetector.SHORT_TIMELINE_STORE, account, record.value(), t, IP_AND_COUNTRY);
        List<ObservedEvent> aroundLong = addAndRead(AccountManyIpsDetector.LONG_TIMELINE_STORE, account, record.value(), t, IP_AND_COUNTRY);
        Optional<IpCountrySpread.Spread> shortSpread =
                IpCountrySpread.satisfying(around, t, windowMs(), config().minIps(), config().minCountries());
        if (shortSpread.isPresent()) {
            alert(account, shortSpread.get(), "window", settings().window(), config().minIps(), config().minCountries(), t);
            return;
        }
        IpCountrySpread.satisfying(aroundLong, t, longWindowMs(), config().longMinIps(), config().longMinCountries())
                .ifPresent(spread -> alert(account, spread, "long-window", config().longWindow(), config().longMinIps(), config().longMinCountries(), t));
    }

    private void alert(String account, IpCountrySpread.Spread spread, String variant, Duration window, int minIps, int minCountries, long t) {
        String within = Durations.format(window);
        emit(new AlertDraft(ruleId, Indicator.A1,
                "Logins into one account from many IP addresses and countries",
                "Account " + account + " logged in from " + spread.ips() + " IP addresses in " + spread.countries()
                        + " countries within " + within + " (thresholds " + minIps + " IPs, " + minCountries + " countries).",
                severity(spread.countries(), minCountries),
                "account", account,
                spread.events(),
                List.of(AlertDraft.threshold("distinct-ips-in-" + variant, minIps, spread.ips()),
                        AlertDraft.threshold("distinct-countries-in-" + variant, minCountries, spread.countries())),
                Map.of("window", Durations.format(settings().window()),
                        "min-ips", String.valueOf(config().minIps()),
                        "min-countries", String.valueOf(config().minCountries()),
                        "long-window", Durations.format(config().longWindow()),
                        "long-min-ips", String.valueOf(config().longMinIps()),
                        "long-min-countries", String.valueOf(config().longMinCountries()),
                        "login-kinds", String.join(",", config().loginKinds()),
                        "grace", Durations.format(settings().grace())),
                spread.start(), spread.end()), t);
    }
}
