package io.flagstream.sim;

import io.flagstream.events.AccountRole;
import io.flagstream.events.PaymentInstrument;

import java.time.ZoneId;

/** A simulated account: who it claims to be and how it reaches the platform. */
final class SimAccount {
    final String id;
    final AccountRole role;
    String country;
    ZoneId zone;
    final String name;
    PaymentInstrument instrument;
    String homeIp;
    String homeIpCountry;
    final String device;
    String label = GroundTruth.BENIGN;

    SimAccount(String id, AccountRole role, String country, ZoneId zone, String name, String homeIp, String device) {
        this.id = id;
        this.role = role;
        this.country = country;
        this.zone = zone;
        this.name = name;
        this.homeIp = homeIp;
        this.homeIpCountry = country;
        this.device = device;
    }

    /**
     * Moves this account in with {@code head}: one home (its IP and country, so also its declared country and
     * time zone) and the head's bank account. Family members keep their own names.
     */
    void joinHousehold(SimAccount head) {
        country = head.country;
        zone = head.zone;
        homeIp = head.homeIp;
        homeIpCountry = head.homeIpCountry;
        instrument = head.instrument;
    }
}
