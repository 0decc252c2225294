package io.flagstream.detect;

import io.flagstream.config.DetectorDeclaration;
import io.flagstream.config.DetectorDeclarations;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.config.RuleSettings;
import io.flagstream.detect.accountmanyips.AccountManyIpsDetector;
import io.flagstream.detect.accountmanyips.AccountManyIpsSettings;
import io.flagstream.detect.clientfreelancer.ClientFreelancerSettings;
import io.flagstream.detect.clientfreelancer.SharedClientFreelancerInstrumentDetector;
import io.flagstream.detect.contactchurn.ContactChurnDetector;
import io.flagstream.detect.contactchurn.ContactChurnSettings;
import io.flagstream.detect.continuoussession.ContinuousSessionDetector;
import io.flagstream.detect.continuoussession.ContinuousSessionSettings;
import io.flagstream.detect.cryptoswitch.CryptoSwitchDetector;
import io.flagstream.detect.cryptoswitch.CryptoSwitchSettings;
import io.flagstream.detect.freshinstrument.FreshInstrumentPayoutDetector;
import io.flagstream.detect.freshinstrument.FreshInstrumentPayoutSettings;
import io.flagstream.detect.highrisk.HighRiskDestinationDetector;
import io.flagstream.detect.highrisk.HighRiskDestinationSettings;
import io.flagstream.detect.locationmismatch.LocationMismatchDetector;
import io.flagstream.detect.locationmismatch.LocationMismatchSettings;
import io.flagstream.detect.namemismatch.PayoutNameMismatchDetector;
import io.flagstream.detect.namemismatch.PayoutNameMismatchSettings;
import io.flagstream.detect.offhours.OffHoursDetector;
import io.flagstream.detect.offhours.OffHoursSettings;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnSettings;
import io.flagstream.detect.remoteaccess.RemoteAccessDetector;
import io.flagstream.detect.remoteaccess.RemoteAccessSettings;
import io.flagstream.detect.sharedinstrument.SharedInstrumentSettings;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.detect.sharedloginip.SharedLoginIpDetector;
import io.flagstream.detect.sharedloginip.SharedLoginIpSettings;
import io.flagstream.detect.smallpayouts.SmallPayoutsDrainDetector;
import io.flagstream.detect.smallpayouts.SmallPayoutsDrainSettings;
import io.flagstream.detect.watchlistmatch.WatchListMatchDetector;
import io.flagstream.detect.watchlistmatch.WatchListMatchSettings;

import java.util.List;
import java.util.function.Function;

/**
 * Every detector FlagStream has, in indicator order, with the settings it declares: one line per detector. The
 * configuration loader reads what they declare (through {@link Declarations}); the ones switched off are left out.
 */
public final class DetectorCatalogue {
    private static final List<Entry<?>> ALL = List.of(
            new Entry<>(AccountManyIpsSettings.DECLARATION, AccountManyIpsDetector::new),
            new Entry<>(SharedLoginIpSettings.DECLARATION, SharedLoginIpDetector::new),
            new Entry<>(ContinuousSessionSettings.DECLARATION, ContinuousSessionDetector::new),
            new Entry<>(RemoteAccessSettings.DECLARATION, RemoteAccessDetector::new),
            new Entry<>(ClientFreelancerSettings.DECLARATION, SharedClientFreelancerInstrumentDetector::new),
            new Entry<>(HighRiskDestinationSettings.DECLARATION, HighRiskDestinationDetector::new),
            new Entry<>(PayoutNameMismatchSettings.DECLARATION, PayoutNameMismatchDetector::new),
            new Entry<>(LocationMismatchSettings.DECLARATION, LocationMismatchDetector::new),
            new Entry<>(CryptoSwitchSettings.DECLARATION, CryptoSwitchDetector::new),
            new Entry<>(OffHoursSettings.DECLARATION, OffHoursDetector::new),
            new Entry<>(ContactChurnSettings.DECLARATION, ContactChurnDetector::new),
            new Entry<>(SharedInstrumentSettings.DECLARATION, SharedPayoutInstrumentDetector::new),
            new Entry<>(PaymentMethodChurnSettings.DECLARATION, PaymentMethodChurnDetector::new),
            new Entry<>(SmallPayoutsDrainSettings.DECLARATION, SmallPayoutsDrainDetector::new),
            new Entry<>(FreshInstrumentPayoutSettings.DECLARATION, FreshInstrumentPayoutDetector::new),
            new Entry<>(WatchListMatchSettings.DECLARATION, WatchListMatchDetector::new));

    private DetectorCatalogue() {
    }

    public static List<Detector> enabled(FlagStreamConfig config) {
        return ALL.stream().map(entry -> entry.detectorIfEnabled(config)).filter(java.util.Objects::nonNull).toList();
    }

    /** A detector with its settings declaration and how it is made from its settings. */
    private record Entry<S extends RuleSettings>(DetectorDeclaration<S> settings, Function<S, Detector> detector) {
        Detector detectorIfEnabled(FlagStreamConfig config) {
            S own = config.detectors().of(settings);
            return own.common().enabled() ? detector.apply(own) : null;
        }
    }

    /** Gives the configuration loader the declarations (a service: see {@link DetectorDeclarations}). */
    public static final class Declarations implements DetectorDeclarations.Provider {
        @Override
        public List<DetectorDeclaration<?>> declarations() {
            return ALL.stream().<DetectorDeclaration<?>>map(Entry::settings).toList();
        }
    }
}
