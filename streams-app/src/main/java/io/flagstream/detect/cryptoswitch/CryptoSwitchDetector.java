package io.flagstream.detect.cryptoswitch;

import io.flagstream.alert.Indicator;
import io.flagstream.alerts.FraudAlert;
import io.flagstream.detect.Detector;
import io.flagstream.detect.DetectorInputs;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.detect.ProcessorWithStores;
import io.flagstream.events.AccountChange;
import io.flagstream.events.AccountChangeKind;
import io.flagstream.events.InstrumentType;
import io.flagstream.state.AccountProfile;
import io.flagstream.state.ObservedEvent;
import io.flagstream.state.PayoutContext;
import io.flagstream.state.ProfileInstrument;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.util.Map;

/**
 * A12, a switch from fiat to virtual currency: alert on account A at a crypto event c (a CRYPTO_WALLET added,
 * or a payout to one) when {@code ∃ payout of A to a non-crypto instrument in [c - W, c]  or  A had a
 * non-crypto instrument on file at c}. Accounts that only ever used crypto raise nothing. Payouts come joined
 * with the profile as of their time (shared); wallets added are joined here with the versioned profile table
 * (a lookup, no store, no repartition). Each account keeps at most one fiat payout per day and its crypto
 * events, both for W + grace, so a fiat payout that arrives late still pairs with a later crypto event.
 */
public final class CryptoSwitchDetector implements Detector {
    public static final String ID = "a12-crypto-switch";
    public static final String FIAT_STORE = ID + "-fiat-payouts-store";
    public static final String CRYPTO_STORE = ID + "-crypto-events-store";
    /** Evidence fact on crypto events: the account had a non-crypto instrument on file at that time. */
    static final String FIAT_ON_FILE = "fiatInstrumentOnFile";

    private final CryptoSwitchSettings settings;

    public CryptoSwitchDetector(CryptoSwitchSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Indicator indicator() {
        return Indicator.A12;
    }

    @Override
    public KStream<String, FraudAlert> build(DetectorInputs inputs) {
        KStream<String, ObservedEvent> payouts = inputs.payoutContexts()
                .mapValues(CryptoSwitchDetector::observePayout, Named.as(ID + "-observe-payouts"));
        KStream<String, ObservedEvent> walletsAdded = inputs.accountChanges()
                .filter((account, c) -> c.getKind() == AccountChangeKind.PAYMENT_METHOD_ADDED && c.getInstrument() != null
                        && isCrypto(c.getInstrument().getType()), Named.as(ID + "-crypto-wallets-added"))
                .leftJoin(inputs.profiles(), CryptoSwitchDetector::observeWalletAdded,
                        Joined.<String, AccountChange, AccountProfile>as(ID + "-crypto-wallets-with-profile")
                                .withKeySerde(Serdes.String()).withValueSerde(inputs.serdes().accountChange())
                                .withOtherValueSerde(inputs.serdes().accountProfile()));

        ProcessorSupplier<String, ObservedEvent, String, FraudAlert> supplier = ProcessorWithStores.of(
                () -> new CryptoSwitchProcessor(inputs),
                inputs.windowLog(FIAT_STORE, settings.common()),
                inputs.windowLog(CRYPTO_STORE, settings.common()),
                inputs.stores().episodes(ID, inputs.serdes().episode()));
        return payouts.merge(walletsAdded, Named.as(ID + "-merge"))
                .process(supplier, Named.as(ID + "-detect"));
    }

    static boolean isCrypto(InstrumentType type) {
        return type == InstrumentType.CRYPTO_WALLET;
    }

    static boolean isCrypto(ObservedEvent e) {
        return InstrumentType.CRYPTO_WALLET.name().equals(e.getFacts().get("instrumentType"));
    }

    private static ObservedEvent observePayout(PayoutContext ctx) {
        ObservedEvent e = ObservedEvents.of(ctx.getPayout(), ctx.getPayout().getInstrument().getFingerprint());
        if (isCrypto(ctx.getPayout().getInstrument().getType())) {
            e.getFacts().put(FIAT_ON_FILE, Boolean.toString(ctx.getHasFiatInstrument()));
        }
        return e;
    }

    private static ObservedEvent observeWalletAdded(AccountChange change, AccountProfile profile) {
        ObservedEvent e = ObservedEvents.of(change, change.getInstrument().getFingerprint());
        e.getFacts().put(FIAT_ON_FILE, Boolean.toString(hasFiatInstrument(profile, change.getInstrument().getFingerprint())));
        return e;
    }

    /** The profile holds a non-crypto instrument other than {@code except} (removed ones count: they are history). */
    static boolean hasFiatInstrument(AccountProfile profile, String except) {
        if (profile == null) {
            return false;
        }
        for (Map.Entry<String, ProfileInstrument> i : profile.getInstruments().entrySet()) {
            if (!i.getKey().equals(except) && !InstrumentType.CRYPTO_WALLET.name().equals(i.getValue().getType())) {
                return true;
            }
        }
        return false;
    }
}
