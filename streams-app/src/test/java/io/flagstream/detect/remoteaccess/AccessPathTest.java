package io.flagstream.detect.remoteaccess;

import io.flagstream.config.AllowList;
import io.flagstream.config.DetectorSettings;
import io.flagstream.events.IpType;
import io.flagstream.events.Login;
import io.flagstream.state.ObservedEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.flagstream.testing.Events.login;
import static io.flagstream.testing.Times.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AccessPathTest {
    private static final RemoteAccessSettings SETTINGS = new RemoteAccessSettings(
            new DetectorSettings(true, Duration.ofDays(7), Duration.ofDays(1)), 2, Set.of(3389, 5900),
            Set.of("HOSTING", "VPN"), Duration.ofDays(30));
    private final AccessPath accessPath = new AccessPath(SETTINGS, AllowList.of(Set.of(), Set.of("192.0.2.10"), Set.of()));

    @Test
    void anOrdinaryLoginShowsNoSign() {
        Login l = login("acct-1").openPorts(443, 80).at(T0);

        assertThat(accessPath.signs(l)).isEmpty();
        assertThat(accessPath.sighting(l)).isNull();
    }

    @Test
    void remoteDesktopSignsComeFirstAndPortsAreSorted() {
        Login l = login("acct-1").ipType(IpType.HOSTING).openPorts(5900, 3389).remoteDesktopTool("AnyDesk").at(T0);

        assertThat(accessPath.signs(l)).containsExactly(
                "remote-desktop-port:3389", "remote-desktop-port:5900", "remote-desktop-tool:AnyDesk", "ip-type:HOSTING");
        ObservedEvent sighting = accessPath.sighting(l);
        assertThat(sighting.getFacts()).containsEntry("remoteDesktop", "true").containsEntry("openPorts", "3389,5900")
                .containsEntry("remoteDesktopTool", "AnyDesk");
        assertThat(AccessPath.remoteDesktop(sighting)).isTrue();
    }

    @Test
    void anAnonymisingIpTypeAloneIsAWeakSign() {
        ObservedEvent sighting = accessPath.sighting(login("acct-1").ipType(IpType.VPN).at(T0));

        assertThat(sighting.getFacts()).containsEntry("accessPath", "ip-type:VPN").containsEntry("remoteDesktop", "false");
        assertThat(AccessPath.remoteDesktop(sighting)).isFalse();
    }

    @Test
    void anAllowListedIpIsNotSuspiciousForItsType() {
        assertThat(accessPath.signs(login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.VPN).at(T0))).isEmpty();
        assertThat(accessPath.signs(login("acct-1").fromIp("192.0.2.10", "US").ipType(IpType.VPN).openPorts(3389).at(T0)))
                .containsExactly("remote-desktop-port:3389");
    }

    @Test
    void aBlankToolIsNoTool() {
        assertThat(accessPath.signs(login("acct-1").remoteDesktopTool(" ").at(T0))).isEmpty();
    }
}
