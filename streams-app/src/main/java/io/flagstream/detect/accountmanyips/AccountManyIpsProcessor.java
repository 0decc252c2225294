package io.flagstream.detect.accountmanyips;

import io.flagstream.alert.AlertDraft;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.config.Durations;
import io.flagstream.detect.DetectorProcessor;
import io.flagstream.detect.Indicator;
import io.flagstream.state.ObservedEvent;
import io.flagstream.topology.DetectorInputs;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records keyed by account: logs each counted login, then looks for a window around it that spans enough
 * IPs and countries, first in the short window, then in the long one.
 */
final class AccountManyIpsProcessor extends DetectorProcessor<ObservedEvent> {
    private WindowStore<String, ObservedEvent> logins;

    AccountManyIpsProcessor(DetectorInputs inputs) {
        super(AccountManyIpsDetector.ID, inputs);
    }

    private DetectorsConfig.AccountManyIps config() {
        return rule(DetectorsConfig::accountManyIps);
    }

    private long longWindowMs() {
        return config().longWindow().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, FraudAlert> context) {
        super.init(context);
        logins = context.getStateStore(AccountManyIpsDetector.LOGINS_STORE);
    }

    @Override
    protected void detect(Record<String, ObservedEvent> record) {
        String account = record.key();
        long t = record.timestamp();
        logins.put(account, record.value(), t);

        long reach = Math.max(windowMs(), longWindowMs());
        List<ObservedEvent> around = between(logins, account, t - reach, t + reach);
        Optional<IpCountrySpread.Spread> shortSpread =
                IpCountrySpread.satisfying(around, t, windowMs(), config().minIps(), config().minCountries());
        if (shortSpread.isPresent()) {
            alert(account, shortSpread.get(), "window", settings().window(), config().minIps(), config().minCountries(), t);
            return;
        }
        IpCountrySpread.satisfying(around, t, longWindowMs(), config().longMinIps(), config().longMinCountries())
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
