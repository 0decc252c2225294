package io.flagstream.detect.remoteaccess;

import io.flagstream.config.AllowList;
import io.flagstream.detect.ObservedEvents;
import io.flagstream.events.Login;
import io.flagstream.state.ObservedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a login's access path shows: a remote-desktop port open on it, a remote-desktop tool on the session,
 * or an anonymising IP type (hosting, VPN, proxy, Tor). An allow-listed IP (a company's VPN egress, where a
 * VPN is normal practice) is never suspicious for its type; a remote-desktop sign still counts on it.
 */
final class AccessPath {
    /** Fact: the signs found, comma-separated, e.g. {@code remote-desktop-port:3389,ip-type:VPN}. */
    static final String SIGNS = "accessPath";
    /** Fact: "true" when a remote-desktop port or tool was seen (the strong sign). */
    static final String REMOTE_DESKTOP = "remoteDesktop";

    private final Set<Integer> remoteDesktopPorts;
    private final Set<String> suspiciousIpTypes;
    private final AllowList allowList;

    AccessPath(RemoteAccessSettings settings, AllowList allowList) {
        this.remoteDesktopPorts = settings.remoteDesktopPorts();
        this.suspiciousIpTypes = settings.suspiciousIpTypes();
        this.allowList = allowList;
    }

    /** The signs this login shows, remote-desktop ones first; empty for an ordinary access path. */
    List<String> signs(Login login) {
        List<String> signs = new ArrayList<>();
        new TreeSet<>(login.getOpenPorts()).stream().filter(remoteDesktopPorts::contains)
                .forEach(port -> signs.add("remote-desktop-port:" + port));
        if (login.getRemoteDesktopTool() != null && !login.getRemoteDesktopTool().isBlank()) {
            signs.add("remote-desktop-tool:" + login.getRemoteDesktopTool());
        }
        if (suspiciousIpTypes.contains(login.getIpType().name()) && !allowList.ip(login.getIp())) {
            signs.add("ip-type:" + login.getIpType().name());
        }
        return signs;
    }

    /** The login as a sighting with its signs in the facts, or null when its access path is ordinary. */
    ObservedEvent sighting(Login login) {
        List<String> signs = signs(login);
        if (signs.isEmpty()) {
            return null;
        }
        ObservedEvent e = ObservedEvents.of(login, login.getIp());
        e.getFacts().put(SIGNS, String.join(",", signs));
        e.getFacts().put(REMOTE_DESKTOP, String.valueOf(signs.get(0).startsWith("remote-desktop")));
        if (login.getRemoteDesktopTool() != null && !login.getRemoteDesktopTool().isBlank()) {
            e.getFacts().put("remoteDesktopTool", login.getRemoteDesktopTool());
        }
        if (!login.getOpenPorts().isEmpty()) {
            e.getFacts().put("openPorts", String.join(",", new TreeSet<>(login.getOpenPorts()).stream().map(String::valueOf).toList()));
        }
        return e;
    }

    static boolean remoteDesktop(ObservedEvent sighting) {
        return Boolean.parseBoolean(sighting.getFacts().get(REMOTE_DESKTOP));
    }
}
