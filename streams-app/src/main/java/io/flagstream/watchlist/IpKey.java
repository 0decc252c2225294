package io.flagstream.watchlist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An IP address as compared against a list: IPv6 in its canonical text ({@code 2001:DB8:0::1} and
 * {@code 2001:db8::1} are one address), IPv4 as written. Only literals are parsed, so no name is ever looked up.
 */
public final class IpKey {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private IpKey() {
    }

    /** The key of {@code ip}; empty for null or blank; the trimmed text for something that is no IP literal. */
    public static String of(String ip) {
        if (ip == null) {
            return "";
        }
        String value = ip.trim();
        if (IPV4.matcher(value).matches() || !IPV6.matcher(value).matches()) {
            return value;
        }
        try {
            return InetAddress.getByName(value).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return value;
        }
    }

    /** Whether {@code ip} is an IPv4 or IPv6 literal. */
    public static boolean isLiteral(String ip) {
        String value = ip == null ? "" : ip.trim();
        if (IPV4.matcher(value).matches()) {
            for (String part : value.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!IPV6.matcher(value).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
