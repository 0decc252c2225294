package io.flagstream.detect;

import io.flagstream.config.FlagStreamConfig;
import io.flagstream.detect.paymentchurn.PaymentMethodChurnDetector;
import io.flagstream.detect.sharedinstrument.SharedPayoutInstrumentDetector;

import java.util.ArrayList;
import java.util.List;

/** Every detector FlagStream has, in a plain list; the ones switched off in configuration are left out. */
public final class DetectorCatalogue {
    private DetectorCatalogue() {
    }

    public static List<Detector> enabled(FlagStreamConfig config) {
        List<Detector> detectors = new ArrayList<>();
        if (config.sharedInstrument().common().enabled()) {
            detectors.add(new SharedPayoutInstrumentDetector(config.sharedInstrument()));
        }
        if (config.paymentMethodChurn().common().enabled()) {
            detectors.add(new PaymentMethodChurnDetector(config.paymentMethodChurn()));
        }
        return List.copyOf(detectors);
    }
}
