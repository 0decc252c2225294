package io.flagstream.detect;

import io.flagstream.config.DetectorSettings;
import io.flagstream.config.DetectorsConfig;
import io.flagstream.config.FlagStreamConfig;
import io.flagstream.detect.accountmanyips.AccountManyIpsDetector;
import io.flagstream.detect.clientfreelancer.SharedClientFreelancerInstrumentDetector;
import io.flagstream.detect.contactchurn.ContactChurnDetector;
import io.flagstream.detect.continuoussession.ContinuousSessionDetector;
import io.flagstream.detect.cryptoswitch.CryptoSwitchDetector;
import io.flagstream.detect.freshinstrument.FreshInstrumentPayoutDetector;
import io.flagstream.detect.highrisk.HighRiskDestinationDetector;
import io.flagstream.detect.locationmismatch.LocationMismatchDetector;
import io.flagstream.detect.namemismatch.PayoutNameMismatchDetector;
import io.flagstream.detect.offhours.OffHoursDetector;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.remoteaccess.RemoteAccessDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;
import io.flagstream.detect.sharedloginip.SharedLoginIpDetector;
import io.flagstream.detect.smallpayouts.SmallPayoutsDrainDetector;
import io.flagstream.detect.watchlistmatch.WatchListMatchDetector;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Every detector FlagStream has, in indicator order, in a plain list; the ones switched off in configuration are left out. */
public final class DetectorCatalogue {
    private DetectorCatalogue() {
    }

    public static List<Detector> enabled(FlagStreamConfig config) {
        List<Detector> detectors = new ArrayList<>();
        DetectorsConfig d = config.detectors();
        add(detectors, d.accountManyIps().common(), () -> new AccountManyIpsDetector(d.accountManyIps()));
        add(detectors, d.sharedLoginIp().common(), () -> new SharedLoginIpDetector(d.sharedLoginIp()));
        add(detectors, d.continuousSession().common(), () -> new ContinuousSessionDetector(d.continuousSession()));
        add(detectors, d.remoteAccess().common(), () -> new RemoteAccessDetector(d.remoteAccess()));
        add(detectors, d.sharedInstrumentClientFreelancer().common(),
                () -> new SharedClientFreelancerInstrumentDetector(d.sharedInstrumentClientFreelancer()));
        add(detectors, d.highRiskDestination().common(), () -> new HighRiskDestinationDetector(d.highRiskDestination()));
        add(detectors, d.payoutNameMismatch().common(), () -> new PayoutNameMismatchDetector(d.payoutNameMismatch()));
        add(detectors, d.locationMismatch().common(), () -> new LocationMismatchDetector(d.locationMismatch()));
        add(detectors, d.cryptoSwitch().common(), () -> new CryptoSwitchDetector(d.cryptoSwitch()));
        add(detectors, d.offHours().common(), () -> new OffHoursDetector(d.offHours()));
        add(detectors, d.contactChurn().common(), () -> new ContactChurnDetector(d.contactChurn()));
        add(detectors, d.sharedInstrument().common(), () -> new SharedPayoutInstrumentDetector(d.sharedInstrument()));
        add(detectors, d.paymentMethodChurn().common(), () -> new PaymentMethodChurnDetector(d.paymentMethodChurn()));
        add(detectors, d.smallPayoutsDrain().common(), () -> new SmallPayoutsDrainDetector(d.smallPayoutsDrain()));
        add(detectors, d.freshInstrumentPayout().common(), () -> new FreshInstrumentPayoutDetector(d.freshInstrumentPayout()));
        add(detectors, d.watchListMatch().common(), () -> new WatchListMatchDetector(d.watchListMatch()));
        return List.copyOf(detectors);
    }

    private static void add(List<Detector> detectors, DetectorSettings settings, Supplier<Detector> detector) {
        if (settings.enabled()) {
            detectors.add(detector.get());
        }
    }
}
